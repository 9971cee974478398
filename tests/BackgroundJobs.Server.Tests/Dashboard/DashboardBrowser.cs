using System.Collections.Concurrent;
using BackgroundJobs.TestHelpers;
using Microsoft.Playwright;

namespace BackgroundJobs.Server.Tests.Dashboard;

/// <summary>
/// Debian's chromium, headless, driven by Playwright's .NET package through the node driver the
/// package ships (so nothing is downloaded: <c>playwright install</c> is never run). A fresh profile
/// per browser; every request the page makes and every console error is recorded for the test.
/// </summary>
internal sealed class DashboardBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright playwright;
    private readonly IBrowserContext context;
    private readonly TempDirectory profile;

    private DashboardBrowser(IPlaywright playwright, IBrowserContext context, IPage page, TempDirectory profile)
    {
        this.playwright = playwright;
        this.context = context;
        this.profile = profile;
        Page = page;
        context.Request += (_, request) => Requests.Add(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ConsoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => ConsoleErrors.Add(error);
    }

    public IPage Page { get; }

    public ConcurrentBag<string> Requests { get; } = [];

    public ConcurrentBag<string> ConsoleErrors { get; } = [];

    public static async Task<DashboardBrowser> LaunchAsync()
    {
        // CI installs chromium (.ci/run); without it this test must fail, never skip.
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium); the dashboard's browser test needs it.");
        var profile = new TempDirectory();
        var playwright = await Playwright.CreateAsync();
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.Path, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            Timeout = 60_000,

            // An operator away from UTC: times must show in the browser's zone, named.
            Locale = "en-US",
            TimezoneId = "Europe/Berlin",
        });
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return new DashboardBrowser(playwright, context, page, profile);
    }

    /// <summary>Loads the page (<paramref name="path"/>, e.g. with a query) and connects with <paramref name="key"/> through the key form.</summary>
    public async Task OpenAsync(Uri baseAddress, string key, string path = "/dashboard")
    {
        await Page.GotoAsync(new Uri(baseAddress, path).ToString());
        await EnterKeyAsync(key);
    }

    /// <summary>Lets the page write the clipboard and the test read it back, as an operator's browser allows a page it trusts.</summary>
    public Task GrantClipboardAsync(Uri baseAddress) =>
        context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new BrowserContextGrantPermissionsOptions { Origin = baseAddress.GetLeftPart(UriPartial.Authority) });

    /// <summary>What the clipboard holds now.</summary>
    public Task<string> ClipboardAsync() => Page.EvaluateAsync<string>("() => navigator.clipboard.readText()");

    public async Task EnterKeyAsync(string key)
    {
        await Assertions.Expect(Page.Locator("#key-form")).ToBeVisibleAsync();
        await Page.Locator("#key-input").FillAsync(key);
        await Page.Locator("#key-form button[type=submit]").ClickAsync();
    }

    /// <summary>Every request the page made that did not go to <paramref name="origin"/>.</summary>
    public IReadOnlyList<string> RequestsOutside(Uri origin) =>
        Requests.Where(url => !url.StartsWith(origin.GetLeftPart(UriPartial.Authority) + "/", StringComparison.Ordinal)).ToList();

    /// <summary>Console errors other than the browser's own line for a failed request (a 401 the test provoked, a server it stopped).</summary>
    public IReadOnlyList<string> UnexpectedConsoleErrors() =>
        ConsoleErrors.Where(e => !e.StartsWith("Failed to load resource", StringComparison.Ordinal)).ToList();

    /// <summary>Saves the whole page, or with <paramref name="fullPage"/> false what the viewport shows, under the test output (never committed).</summary>
    public async Task<string> ScreenshotAsync(string fileName, bool fullPage = true)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await context.CloseAsync();
        playwright.Dispose();
        profile.Dispose();
    }
}
