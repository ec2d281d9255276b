using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waitinator.LocalLab;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// The Aspire dashboard as a user meets it: the AppHost started as `dotnet run` starts it, the login link from its
/// output opened in headless Chromium (Debian's), the worker's metrics page showing the CPU, memory and connection instruments;
/// without the link's token, only the login page.
/// </summary>
[Collection(WholeLabCollection.Name)]
public sealed partial class DashboardTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] WorkerInstruments =
        ["process.cpu.utilization", "process.memory.usage", "waitinator.broker.connections", "waitinator.redis.connections"];

    [Fact]
    public async Task The_dashboard_shows_the_workers_cpu_memory_and_connection_instruments()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: ./test.sh installs Debian's chromium.");
        var runs = Directory.CreateTempSubdirectory("waitinator-runs-");
        await using var appHost = await LabPrograms.StartAppHostAsync(
            ["--Lab:Infrastructure=Executable", $"--Lab:RunsDirectory={runs.FullName}", "--Api:TimeScale=0.005"]);
        var login = await WaitForLoginUrlAsync(appHost, TimeSpan.FromMinutes(2));

        // Without the login token the dashboard shows nothing but its login page.
        using (var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        {
            using var refused = await anonymous.GetAsync(new Uri(login, "/metrics/resource/worker"));
            Assert.True(
                (int)refused.StatusCode is >= 300 and < 400 && refused.Headers.Location?.ToString().Contains("/login", StringComparison.OrdinalIgnoreCase) == true,
                $"The dashboard answered {(int)refused.StatusCode} {refused.Headers.Location} to a request without its login token.");
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        await page.GotoAsync(login.ToString());

        // The worker exports every second; its instruments appear once the first batches arrived.
        var metrics = new Uri(login, "/metrics/resource/worker");
        var missing = WorkerInstruments.ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (missing.Count > 0 && DateTime.UtcNow < deadline)
        {
            await page.GotoAsync(metrics.ToString());
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var text = await page.InnerTextAsync("body");
            missing.RemoveAll(instrument => text.Contains(instrument, StringComparison.Ordinal));
            if (missing.Count > 0)
            {
                await Task.Delay(2000);
            }
        }

        // Open the connections instrument so the screenshot shows a chart, not only the list.
        if (missing.Count == 0)
        {
            await page.Locator("fluent-tree-item[title='waitinator.broker.connections']").First.ClickAsync();
            await page.WaitForTimeoutAsync(1500);
        }

        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard-worker-metrics.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });

        Assert.True(missing.Count == 0, $"The worker's metrics page lacks {string.Join(", ", missing)}; screenshot: {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot is empty.");
    }

    private static async Task<Uri> WaitForLoginUrlAsync(ChildProcess appHost, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (LoginUrl().Match(appHost.Output) is { Success: true } match)
            {
                return new Uri(match.Value);
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The AppHost printed no dashboard login link within {timeout}. Output:\n{appHost.Output}");
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/login\?t=[0-9a-f]+")]
    private static partial Regex LoginUrl();
}
