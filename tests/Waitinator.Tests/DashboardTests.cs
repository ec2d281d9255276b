using Microsoft.Playwright;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// The Aspire dashboard after one run of the main job, as a user reads it: the chord traces first on the Traces page,
/// the lab's messages (not a line per poll) in the Structured logs, no certificate banner, links named after where
/// they go, the worker's CPU, memory and connection instruments; without the link's token, only the login page. The
/// tests take the screenshots the README shows (<see cref="DashboardLab.UpdateScreenshotsVariable"/> writes them there).
/// </summary>
[Collection(WholeLabCollection.Name)]
public sealed class DashboardTests(DashboardLab lab) : IClassFixture<DashboardLab>
{
    private const string Resources = "dashboard-resources";
    private const string ChordTrace = "dashboard-chord-trace";
    private const string StructuredLogs = "dashboard-structured-logs";
    private const string WorkerCpu = "dashboard-worker-cpu";
    private const string WorkerMemory = "dashboard-worker-memory";
    private const string WorkerConnections = "dashboard-worker-connections";

    // The main job submits the original two chords; the page shows a trace as "<service>: <root span>".
    private const int Chords = 2;
    private const string ChordTraceName = "producer: submit chord";
    private const int FirstRows = 10;
    private const string CertificateBanner = "No trusted development certificate";

    private static readonly string[] Screenshots = [Resources, ChordTrace, StructuredLogs, WorkerCpu, WorkerMemory, WorkerConnections];

    [Fact]
    public async Task The_traces_page_opens_on_the_chord_traces_with_no_poll_among_its_rows()
    {
        var page = await lab.OpenAsync("/traces");
        var rows = await RowsAsync(page, rows => rows.Count(r => r.Text.Contains(ChordTraceName, StringComparison.Ordinal)) >= Chords);

        // Row 1 is the header; no filter is typed, as a user first meets the page.
        var chordRows = rows.Where(r => r.Text.Contains(ChordTraceName, StringComparison.Ordinal)).ToList();
        Assert.True(
            chordRows.Count == Chords && chordRows.All(r => r.Index <= FirstRows + 1),
            $"The {Chords} chord traces are not among the first {FirstRows} rows of the Traces page. Rows shown:\n{Describe(rows)}");
        Assert.True(!rows.Any(r => r.Text.Contains(" monitor: ", StringComparison.Ordinal)), $"The monitor's polls are traced. Rows shown:\n{Describe(rows)}");

        // The chord of 3 is the shorter trace to show: its spans across the producer, the worker, the Api and Redis.
        await page.GetByText(ChordTraceName).Last.ClickAsync();
        await page.GetByText("GET /waitinate").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.WaitForTimeoutAsync(1000);
        var screenshot = await DashboardLab.ScreenshotAsync(page, ChordTrace);
        var detail = await page.InnerTextAsync("body");
        foreach (var span in new[] { "submit chord", "GET /waitinate", "INSERT waitinate_tasks", "store result", "chord part" })
        {
            Assert.True(detail.Contains(span, StringComparison.Ordinal), $"The chord's trace lacks its '{span}' span; screenshot: {screenshot}");
        }
    }

    [Fact]
    public async Task The_structured_logs_hold_the_labs_messages_and_no_execution_attempt_line_per_poll()
    {
        var page = await lab.OpenAsync("/structuredlogs");
        var screenshot = await DashboardLab.ScreenshotAsync(page, StructuredLogs);

        await FilterAsync(page, "Submitted a chord");
        var submitted = await RowsAsync(page, rows => rows.Count >= Chords);
        Assert.True(
            submitted.Count(r => r.Text.Contains("producer", StringComparison.Ordinal)) == Chords,
            $"The producer's messages are missing from the Structured logs. Rows:\n{Describe(submitted)}\nScreenshot: {screenshot}");

        // The resilience handler's line for each successful poll; a failed attempt is a Warning and may stay.
        await FilterAsync(page, "Execution attempt");
        var attempts = await RowsAsync(page, _ => false, TimeSpan.FromSeconds(3));
        var atInformation = attempts.Where(r => r.Text.Contains(" Information ", StringComparison.Ordinal)).ToList();
        Assert.True(atInformation.Count == 0, $"{atInformation.Count} 'Execution attempt' lines at Information, e.g.:\n{Describe(atInformation.Take(3))}");
    }

    [Fact]
    public async Task No_page_shows_a_certificate_banner()
    {
        foreach (var path in new[] { "/", "/structuredlogs", "/traces", "/metrics/resource/worker" })
        {
            var page = await lab.OpenAsync(path);
            var text = await page.InnerTextAsync("body");
            Assert.False(text.Contains(CertificateBanner, StringComparison.Ordinal), $"{path} shows the banner '{CertificateBanner}'.");
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task The_resources_links_say_where_they_go_and_get_there()
    {
        var page = await lab.OpenAsync("/");
        await RowsAsync(page, rows => rows.Any(r => r.Text.Contains("producer Finished", StringComparison.Ordinal)));
        await DashboardLab.ScreenshotAsync(page, Resources);

        using var http = new HttpClient();
        foreach (var (text, content) in new[] { ("Management UI", "RabbitMQ Management"), ("Prometheus metrics", "rabbitmq_"), ("Api health", "Healthy") })
        {
            var link = page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = text, Exact = true });
            Assert.True(await link.CountAsync() == 1, $"The Resources page has no link named '{text}'. Links: {await LinksAsync(page)}");
            var href = await link.GetAttributeAsync("href") ?? string.Empty;
            var body = await http.GetStringAsync(new Uri(href));
            Assert.True(body.Contains(content, StringComparison.Ordinal), $"'{text}' ({href}) answered without '{content}': {body[..Math.Min(body.Length, 300)]}");
        }
    }

    [Fact]
    public async Task The_workers_metrics_show_its_cpu_memory_and_connections()
    {
        var page = await lab.OpenAsync("/metrics/resource/worker");
        foreach (var (instrument, screenshot) in new[]
        {
            ("process.cpu.utilization", WorkerCpu), ("process.memory.usage", WorkerMemory), ("waitinator.broker.connections", WorkerConnections),
        })
        {
            var item = page.Locator($"fluent-tree-item[title='{instrument}']");
            Assert.True(await item.CountAsync() > 0, $"The worker's metrics page lacks {instrument}.");
            await item.First.ClickAsync();
            // The chart draws once the instrument's series arrived over the circuit.
            await page.WaitForTimeoutAsync(2000);
            Assert.True((await page.InnerTextAsync("body")).Contains(instrument, StringComparison.Ordinal));
            await DashboardLab.ScreenshotAsync(page, screenshot);
        }

        Assert.True(await page.Locator("fluent-tree-item[title='waitinator.redis.connections']").CountAsync() > 0, "The worker's metrics page lacks waitinator.redis.connections.");
    }

    [Fact]
    public async Task Without_its_login_token_the_dashboard_shows_only_its_login_page()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var refused = await anonymous.GetAsync(new Uri(lab.Login, "/metrics/resource/worker"));
        Assert.True(
            (int)refused.StatusCode is >= 300 and < 400 && refused.Headers.Location?.ToString().Contains("/login", StringComparison.OrdinalIgnoreCase) == true,
            $"The dashboard answered {(int)refused.StatusCode} {refused.Headers.Location} to a request without its login token.");
    }

    [Fact]
    public void The_readme_shows_the_screenshots_these_tests_take()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        foreach (var name in Screenshots)
        {
            Assert.Contains($"docs/images/{name}.png", readme, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(Repository.Root, "docs", "images", name + ".png")), $"docs/images/{name}.png is not committed.");
        }
    }

    private static async Task FilterAsync(IPage page, string text)
    {
        await page.Locator("input[placeholder='Filter...']").First.FillAsync(text);
        await page.WaitForTimeoutAsync(1500);
    }

    /// <summary>The grid's rendered rows (index and text), once <paramref name="enough"/> holds or the time is up.</summary>
    private static async Task<List<(int Index, string Text)>> RowsAsync(IPage page, Func<List<(int Index, string Text)>, bool> enough, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var rows = (await page.EvaluateAsync<string[]>(
                    "() => [...document.querySelectorAll('[role=row][aria-rowindex]')].map(r => r.getAttribute('aria-rowindex') + '\\t' + r.innerText.replace(/\\s+/g, ' ').trim())"))
                .Select(row => row.Split('\t', 2))
                .Select(parts => (Index: int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), Text: parts[1]))
                .OrderBy(row => row.Index)
                .ToList();
            if (enough(rows) || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            await page.WaitForTimeoutAsync(1000);
        }
    }

    private static string Describe(IEnumerable<(int Index, string Text)> rows) =>
        string.Join("\n", rows.Take(20).Select(r => $"  {r.Index}: {r.Text[..Math.Min(r.Text.Length, 140)]}"));

    private static async Task<string> LinksAsync(IPage page) =>
        string.Join(", ", await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('a[href]')].map(a => a.innerText.trim() + ' -> ' + a.href)"));
}
