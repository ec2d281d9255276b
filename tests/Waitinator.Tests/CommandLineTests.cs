using System.Text.Json;
using Waitinator.AppHost.CommandLine;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// The AppHost's command line as a new user meets it: --help prints usage, the modes, every experiment in experiments/
/// with its description, the main settings and examples, and starts nothing; --list lists the experiments; a mistyped
/// option or a stray word exits 2 before anything starts; settings and Aspire's own switches pass on to the configuration.
/// </summary>
public sealed class CommandLineTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public async Task Help_prints_usage_the_modes_every_experiment_and_examples_and_starts_nothing()
    {
        var runs = Directory.CreateTempSubdirectory("waitinator-help-").FullName;
        await using var appHost = LabPrograms.StartDotnet("Waitinator.AppHost", NoEnvironment, ["--help", "--Lab:RunsDirectory", runs]);

        var exitCode = await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60));

        var output = appHost.Output;
        Assert.True(exitCode == 0, $"Exit code {exitCode}. Output:\n{output}");
        foreach (var expected in new[] { "Usage:", "--experiment <NAME>", "--benchmark <SCENARIOS>", "--list", "Main settings", "--Worker:Concurrency=16", "Examples:", "./run.sh" })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }

        // Every experiment file, with the start of its own description (read here from the file, as a user would).
        var experiments = Directory.GetFiles(Path.Combine(Repository.Root, "experiments"), "*.json");
        Assert.NotEmpty(experiments);
        foreach (var file in experiments)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var opening = string.Join(' ', json.RootElement.GetProperty("description").GetString()!.Split(' ').Take(3));
            Assert.Matches($@"(?m)^  {Path.GetFileNameWithoutExtension(file)} +{System.Text.RegularExpressions.Regex.Escape(opening)}", output);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(runs));
    }

    [Fact]
    public async Task List_prints_one_experiment_a_line()
    {
        await using var appHost = LabPrograms.StartDotnet("Waitinator.AppHost", NoEnvironment, ["--list"]);

        var exitCode = await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        var names = appHost.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')[0]).ToList();
        var expected = Directory.GetFiles(Path.Combine(Repository.Root, "experiments"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(expected, names);
    }

    [Theory]
    [InlineData(new[] { "--experimnt", "quick" }, "Unrecognized option '--experimnt'. Did you mean '--experiment'?")]
    [InlineData(new[] { "quick" }, "Unrecognized argument(s): quick.")]
    [InlineData(new[] { "--experiment", "quick", "--benchmark", "noop" }, "Run an experiment or a benchmark, not both")]
    [InlineData(new[] { "--experiment" }, "--experiment needs a NAME before --Lab:RunsDirectory=")]
    public async Task A_command_line_the_lab_cannot_run_with_exits_2_before_anything_starts(string[] arguments, string expected)
    {
        var runs = Directory.CreateTempSubdirectory("waitinator-usage-").FullName;
        await using var appHost = LabPrograms.StartDotnet("Waitinator.AppHost", NoEnvironment, [.. arguments, $"--Lab:RunsDirectory={runs}"]);

        var exitCode = await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 2, $"Exit code {exitCode}. Output:\n{appHost.Output}");
        Assert.Contains(expected, appHost.Output, StringComparison.Ordinal);
        Assert.Contains("See --help", appHost.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(runs));
    }

    [Fact]
    public void Settings_and_Aspire_switches_pass_on_in_order_and_the_modes_become_Lab_settings()
    {
        string[] arguments = ["--Worker:Concurrency", "4", "-e", "quick", "--Api:TimeScale=0.01", "--operation", "publish", "/Lab:WorkerReplicas=2"];

        var commandLine = LabCommandLine.Parse(arguments, TextWriter.Null, TextWriter.Null);

        Assert.Null(commandLine.ExitCode);
        Assert.Equal(
            ["--Worker:Concurrency", "4", "--Api:TimeScale=0.01", "--operation", "publish", "/Lab:WorkerReplicas=2", "--Lab:Experiment=quick"],
            commandLine.ConfigurationArguments);
    }
}
