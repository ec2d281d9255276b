using System.Text.Json;
using Microsoft.Playwright;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// The experiment in the dashboard as a user drives it: its resource says what runs; a worker replica killed from its
/// row loses no task (late acks, another replica takes them over); "Stop after this repetition" ends the experiment
/// with the report of what ran. The test takes the README's screenshot of the experiment resource.
/// </summary>
[Collection(WholeLabCollection.Name)]
public sealed partial class ExperimentDashboardTests
{
    private const string Screenshot = "dashboard-experiment";
    private const string Configuration = "async-2x2";

    [Fact]
    public async Task A_replica_killed_and_a_stop_requested_from_the_dashboard_lose_no_task_and_end_with_a_report()
    {
        var root = Directory.CreateTempSubdirectory("waitinator-dashboard-experiment-");
        try
        {
            await using var appHost = await LabPrograms.StartExperimentAsync(Repository.TestExperiment("dashboard-commands"), root.FullName);
            await Eventually.WaitUntilAsync(() => DashboardBrowser.LoginPattern.IsMatch(appHost.Output), TimeSpan.FromMinutes(6), () => appHost.Output);
            await using var browser = await DashboardBrowser.LogInAsync(new Uri(DashboardBrowser.LoginPattern.Match(appHost.Output).Value));
            var page = await browser.OpenAsync("/");

            // The experiment's row says which configuration and repetition run, and counts the tasks.
            // The dashboard shows a state's hyphens as spaces: "async 2x2 · repetition 1/2 · 4/10 tasks". Once the first
            // four tasks are done the next four run, two on each replica: kill one replica then, from its row.
            await WaitForAsync(page, appHost, "the experiment's state 'async 2x2 · repetition 1/2 · 4/10 tasks' or more", async () =>
                TasksDone().IsMatch(await page.InnerTextAsync("body")));
            var replicas = await RowsOf(page, $"worker-{Configuration}-");
            Assert.Equal(2, replicas.Count);
            await ClickCommandAsync(page, replicas[0], "Kill now");
            var experimentRow = (await RowsOf(page, "experiment")).First();
            await ClickCommandAsync(page, experimentRow, "Stop after this repetition");
            await page.WaitForTimeoutAsync(2000);
            var screenshot = await DashboardLab.ScreenshotAsync(page, Screenshot);

            var exitCode = await appHost.WaitForExitAsync(TimeSpan.FromMinutes(6));
            Assert.True(exitCode == 0, $"The AppHost exited with {exitCode}; screenshot {screenshot}. Output:\n{appHost.Output}");

            var results = Directory.GetDirectories(Path.Combine(root.FullName, "results", "dashboard-commands")).Single();
            using var experiment = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "experiment.json")));
            Assert.Equal(1, experiment.RootElement.GetProperty("stopped_after_run").GetInt32());
            Assert.False(Directory.Exists(Path.Combine(results, Configuration, "2")), "The second repetition ran after the stop.");

            var repetition = Path.Combine(results, Configuration, "1");
            using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(repetition, "run.json")));
            Assert.Equal(0, run.RootElement.GetProperty("exit_code").GetInt32());
            var killed = Assert.Single(run.RootElement.GetProperty("killed_on_request").EnumerateArray()).GetString();
            Assert.StartsWith($"worker-{Configuration}-", killed, StringComparison.Ordinal);
            // Every task of both chords ran to its end, each one recorded once, on whichever replica ended up with it.
            Assert.Equal(10, ReporterSqlFigures.Read(Path.Combine(repetition, "worker", "waitinator-worker.db")).TaskCount);
            Assert.True(File.Exists(Path.Combine(results, "report", "report.html")), "No report was written.");
            Assert.Contains("Stopped from the dashboard after 1 of 2 runs", appHost.Output, StringComparison.Ordinal);
            root.Delete(recursive: true);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The workers' console logs are in the results: kept for whoever reads the failure.
            throw new InvalidOperationException($"{exception.Message}\nThe run's folders are kept in {root.FullName}.", exception);
        }
    }

    [Fact]
    public void The_readme_shows_the_experiment_resource()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        Assert.Contains($"docs/images/{Screenshot}.png", readme, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Repository.Root, "docs", "images", Screenshot + ".png")), $"docs/images/{Screenshot}.png is not committed.");
    }

    private static async Task WaitForAsync(IPage page, LocalLab.ChildProcess appHost, string what, Func<Task<bool>> shown)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(6);
        var seen = new List<string>();
        while (!await shown())
        {
            if ((await RowsOf(page, "experiment")).FirstOrDefault() is { } row && (await row.InnerTextAsync()).Trim() is var text && !seen.Contains(text))
            {
                seen.Add(text);
            }

            Assert.True(DateTime.UtcNow < deadline, $"The dashboard never showed {what}; the experiment's row read: {string.Join(" | ", seen)}. Rows:\n{await Describe(page)}\nAppHost output:\n{appHost.Output}");
            Assert.False(appHost.HasExited, $"The AppHost exited before the dashboard showed {what}; the experiment's row read: {string.Join(" | ", seen)}. Rows:\n{await Describe(page)}\nOutput:\n{appHost.Output}");
            await page.WaitForTimeoutAsync(1000);
        }
    }

    /// <summary>The Resources grid's rows whose text starts with <paramref name="name"/> (a resource or replica name).</summary>
    private static async Task<List<ILocator>> RowsOf(IPage page, string name)
    {
        var rows = page.Locator("[role=row][aria-rowindex]");
        var found = new List<ILocator>();
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            var text = (await rows.Nth(i).InnerTextAsync()).Trim();
            if (text.Split((char[])['\n', '\t', ' '], 2)[0].StartsWith(name, StringComparison.Ordinal))
            {
                found.Add(rows.Nth(i));
            }
        }

        return found;
    }

    private static async Task ClickCommandAsync(IPage page, ILocator row, string command)
    {
        // A command's button carries its description as tooltip, which starts with the command's name.
        var button = row.Locator($"[title^='{command}:'], [aria-label^='{command}:']");
        Assert.True(await button.CountAsync() > 0, $"No '{command}' button in the row '{await row.InnerTextAsync()}'. Buttons there: {await ButtonsAsync(row)}");
        await button.First.ClickAsync();
        await page.WaitForTimeoutAsync(1000);
    }

    private static async Task<string> ButtonsAsync(ILocator row) =>
        string.Join(", ", await row.EvaluateAsync<string[]>("r => [...r.querySelectorAll('button, fluent-button, [role=button]')].map(b => (b.getAttribute('title') || '') + '|' + (b.getAttribute('aria-label') || '') + '|' + b.innerText.trim())"));

    private static async Task<string> Describe(IPage page) =>
        string.Join("\n", await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[role=row][aria-rowindex]')].map(r => r.innerText.replace(/\\s+/g, ' ').trim().slice(0, 160))"));

    [System.Text.RegularExpressions.GeneratedRegex(@"repetition 1/2 · [4-9]/10 tasks")]
    private static partial System.Text.RegularExpressions.Regex TasksDone();
}
