using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waitinator.LocalLab;

namespace Waitinator.Tests.Lab;

/// <summary>
/// The lab as a user meets its dashboard: the AppHost started as `dotnet run` starts it, one run of the main job (the
/// original two chords at time scale 0.005) left to finish, then the login link from its output opened in headless
/// Chromium (Debian's). The dashboard tests share this one run and read its pages.
/// </summary>
public sealed partial class DashboardLab : IAsyncLifetime
{
    /// <summary>
    /// Set to 1 to write the screenshots into docs/images, the README's copies; otherwise they go to the tests' output
    /// folder only, so a test run never changes the repository.
    /// </summary>
    public const string UpdateScreenshotsVariable = "WAITINATOR_UPDATE_SCREENSHOTS";

    // Generous: the other test collection may hold both cores while this lab starts.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);
    private ChildProcess? _appHost;
    private DashboardBrowser? _browser;

    public Uri Login => _browser!.Login;

    public string AppHostOutput => _appHost?.Output ?? string.Empty;

    /// <summary>Where this run's screenshots go.</summary>
    public static string ScreenshotFolder { get; } =
        Environment.GetEnvironmentVariable(UpdateScreenshotsVariable) == "1"
            ? Path.Combine(Repository.Root, "docs", "images")
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard");

    public async Task InitializeAsync()
    {
        var runs = Directory.CreateTempSubdirectory("waitinator-runs-");
        _appHost = await LabPrograms.StartAppHostAsync(
            ["--Lab:Infrastructure=Executable", $"--Lab:RunsDirectory={runs.FullName}", "--Api:TimeScale=0.005"]);
        var login = await WaitForOutputAsync(DashboardBrowser.LoginPattern, "a dashboard login link", match => new Uri(match.Value));
        // What the AppHost prints when the producer finished (or failed): the run is over, its telemetry exported.
        await WaitForOutputAsync(RunEnded(), "the end of the run", match =>
            match.Value.StartsWith("Experiment done", StringComparison.Ordinal)
                ? match
                : throw new InvalidOperationException($"The run failed. AppHost output:\n{AppHostOutput}"));

        _browser = await DashboardBrowser.LogInAsync(login);
    }

    /// <summary>A dashboard page in the logged-in browser, once its Blazor circuit has rendered it.</summary>
    public Task<IPage> OpenAsync(string path) => _browser!.OpenAsync(path);

    /// <summary>Saves the page's visible part as NAME.png in <see cref="ScreenshotFolder"/>; returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        if (_appHost is not null)
        {
            await _appHost.DisposeAsync();
        }
    }

    private async Task<T> WaitForOutputAsync<T>(Regex pattern, string what, Func<Match, T> read)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (pattern.Match(AppHostOutput) is { Success: true } match)
            {
                return read(match);
            }

            Assert.False(_appHost!.HasExited, $"The AppHost exited before printing {what}. Output:\n{AppHostOutput}");
            await Task.Delay(250);
        }

        throw new TimeoutException($"The AppHost printed no {what} within {Timeout}. Output:\n{AppHostOutput}");
    }

    [GeneratedRegex("Experiment done|The producer failed")]
    private static partial Regex RunEnded();
}
