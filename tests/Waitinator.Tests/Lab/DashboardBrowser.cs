using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Waitinator.Tests.Lab;

/// <summary>Debian's headless Chromium, logged into a lab's Aspire dashboard with the link the AppHost printed.</summary>
public sealed partial class DashboardBrowser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _session;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser, IBrowserContext session, Uri login)
    {
        _playwright = playwright;
        _browser = browser;
        _session = session;
        Login = login;
    }

    public Uri Login { get; }

    /// <summary>The dashboard's login link as the AppHost prints it.</summary>
    public static Regex LoginPattern => LoginUrl();

    public static async Task<DashboardBrowser> LogInAsync(Uri login)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: ./test.sh installs Debian's chromium.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var session = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await session.NewPageAsync();
        await page.GotoAsync(login.ToString());
        await page.CloseAsync();
        return new DashboardBrowser(playwright, browser, session, login);
    }

    /// <summary>A dashboard page in the logged-in browser, once its Blazor circuit has rendered it.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var page = await _session.NewPageAsync();
        await page.GotoAsync(new Uri(Login, path).ToString());
        await page.WaitForFunctionAsync("() => document.body.innerText.trim().length > 20", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        // Notifications and late rows arrive over the circuit after the first render.
        await page.WaitForTimeoutAsync(2000);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/login\?t=[0-9a-f]+")]
    private static partial Regex LoginUrl();
}
