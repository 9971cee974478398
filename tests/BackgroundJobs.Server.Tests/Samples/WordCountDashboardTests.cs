using BackgroundJobs.Samples.WordCount;
using BackgroundJobs.Server.Tests.Dashboard;
using BackgroundJobs.Server.Tests.Jobs;
using static Microsoft.Playwright.Assertions;

namespace BackgroundJobs.Server.Tests.Samples;

/// <summary>The sample type's jobs in the dashboard, in a real headless browser: its row, its count, and its name in the type filter.</summary>
public sealed class WordCountDashboardTests
{
    private static readonly Microsoft.Playwright.LocatorAssertionsToHaveTextOptions Text = new() { Timeout = 30_000 };

    [Fact]
    public async Task Dashboard_ShowsTheSamplesJobRow_ItsCountByType_AndFiltersByItsName()
    {
        await using var server = await WordCountHost.StartAsync();
        var blob = await server.UploadAsync(WordCountHost.Text(lines: 3, wordsPerLine: 2), "text/plain");
        var id = (await WordCountHost.StartAsync(server, new { blob })).GetProperty("id").GetString()!;
        var other = await OperatedJobs.StartCompletingAsync(server);
        await OperatedJobs.WaitForEndAsync(server, [id, other]);
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;

        await browser.OpenAsync(server.BaseAddress, ServerHost.ApiKey);

        var row = page.Locator($"#recent-jobs tr[data-key='{id}']");
        await Expect(row.Locator(".status")).ToHaveTextAsync("completed", Text);
        await Expect(row).ToContainTextAsync(WordCountJob.Name, new() { Timeout = 30_000 });
        await Expect(page.Locator($"#by-type [data-name={WordCountJob.Name}] dd")).ToHaveTextAsync("1", Text);
        await page.Locator("#filter-type").SelectOptionAsync(WordCountJob.Name);
        await Expect(page.Locator("#recent-jobs tr")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.Locator($"#recent-jobs tr[data-key='{id}']")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // The job's detail opens from its row (its type cell: the id cell holds the id's copy button), with the sample's result.
        await row.Locator("td").Nth(1).ClickAsync();
        await Expect(page.Locator("#detail-id")).ToHaveTextAsync(id, Text);
        await Expect(page.Locator("#detail-body")).ToContainTextAsync("words", new() { Timeout = 30_000 });
        Assert.Empty(browser.UnexpectedConsoleErrors());
    }
}
