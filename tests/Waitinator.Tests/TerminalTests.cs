using System.Text.RegularExpressions;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>An experiment as a user sees it in a terminal: a live progress view, the figures as a table, the log lines in a file.</summary>
[Collection(WholeLabCollection.Name)]
public sealed partial class TerminalTests
{
    [Fact]
    public async Task In_a_terminal_an_experiment_shows_live_progress_then_its_table_and_keeps_the_log_lines_in_a_file()
    {
        var root = Directory.CreateTempSubdirectory("waitinator-terminal-");
        try
        {
            await using var appHost = await LabPrograms.StartExperimentAsync(
                Repository.TestExperiment("terminal"), root.FullName, environment: new Dictionary<string, string> { ["TERM"] = "xterm-256color" }, inTerminal: true);
            var exitCode = await appHost.WaitForExitAsync(TimeSpan.FromMinutes(8));
            var shown = Ansi().Replace(appHost.Output, "");
            Assert.True(exitCode == 0, $"The AppHost exited with {exitCode}. Terminal:\n{shown}");

            // The live view: the run, the configuration and repetition, the tasks done, and a bar.
            Assert.Contains("[1/1] async-4 1/1 · ", shown, StringComparison.Ordinal);
            Assert.Contains("10/10 tasks", shown, StringComparison.Ordinal);
            Assert.Contains("━━━", shown, StringComparison.Ordinal);
            Assert.Contains("100%", shown, StringComparison.Ordinal);
            // The figures as a table, and where the whole report is.
            Assert.Contains("terminal: medians over the repetitions", shown, StringComparison.Ordinal);
            var table = shown[shown.LastIndexOf("terminal: medians over the repetitions", StringComparison.Ordinal)..];
            Assert.True(TableRow().IsMatch(table), $"No row of figures for async-4 in the table:\n{table}");
            Assert.Contains("report.html", shown, StringComparison.Ordinal);

            // The lab's and Aspire's information lines went to the results folder's log, not the terminal.
            var results = Directory.GetDirectories(Path.Combine(root.FullName, "results", "terminal")).Single();
            var log = await File.ReadAllTextAsync(Path.Combine(results, "apphost.log"));
            foreach (var line in new[] { "async-4, repetition 1: done in", "Reporter exited with 0" })
            {
                Assert.Contains(line, log, StringComparison.Ordinal);
                Assert.DoesNotContain(line, shown, StringComparison.Ordinal);
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"│ async-4 +│ +\d+\.\d{3} │")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07\x1b]*(\x07|\x1b\\))")]
    private static partial Regex Ansi();
}
