using System.Text.RegularExpressions;
using BackgroundJobs.Server.Tests.Jobs;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackgroundJobs.Server.Tests.Dashboard;

/// <summary>
/// The dashboard's job tables as an operator uses them, in real headless Chromium against a real
/// server: a job that failed in an activity shows its root error, its detail opens in view, its id
/// is short and copies whole, a retry is marked and links to the new job; the jobs table pages with
/// the list's continuation token; a delayed job shows when it starts and can be canceled.
/// </summary>
public sealed class DashboardJobsBrowserTests(ITestOutputHelper output)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToHaveTextOptions Text = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToContainTextOptions Contains = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToHaveCountOptions Count = new() { Timeout = 30_000 };

    [Fact]
    public async Task Dashboard_JobFailedInAnActivity_ShowsTheRootError_OpensItsDetailInView_CopiesItsId_AndMarksItsRetry()
    {
        // Arrange: a document job that fails in its inspect activity, below enough jobs to make the page long.
        await using var server = await ServerHost.StartAsync();
        var failed = await FailedJobsListTests.StartFailingInAnActivityAsync(server);
        var others = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            others.Add(await OperatedJobs.StartCompletingAsync(server));
        }

        await OperatedJobs.WaitForEndAsync(server, others);
        await using var browser = await DashboardBrowser.LaunchAsync();
        await browser.GrantClipboardAsync(server.BaseAddress);
        var page = browser.Page;
        await browser.OpenAsync(server.BaseAddress, ServerHost.ApiKey);

        // The headline is the root error and the task it came from, not the engine's wrapper.
        var failedRow = page.Locator($"#failed-jobs tr[data-key='{failed}']");
        await Expect(failedRow.Locator(".error-type")).ToHaveTextAsync("InvalidJobInputException", Text);
        await Expect(failedRow.Locator(".error-task")).ToHaveTextAsync("in InspectDocumentActivity", Text);
        await Expect(failedRow.Locator(".error-message")).ToContainTextAsync("PDF", Contains);
        await Expect(failedRow.Locator(".error-message")).Not.ToContainTextAsync("failed with an unhandled exception");
        await Expect(failedRow).Not.ToContainTextAsync("TaskFailedException");

        // The id is short, whole in its title, on one line; its button copies the whole id.
        var id = failedRow.Locator(".job-id");
        await Expect(id).ToHaveTextAsync($"{failed[..8]}…{failed[^4..]}", Text);
        await Expect(id).ToHaveAttributeAsync("title", failed);
        Assert.Equal(1, await id.EvaluateAsync<int>("e => e.getClientRects().length"));
        await failedRow.Locator("button[data-action=copy]").ClickAsync();
        await Expect(page.Locator("#toast")).ToContainTextAsync("Copied", Contains);
        Assert.Equal(failed, await browser.ClipboardAsync());

        // Scrolled to the bottom, a click on the job's row in the jobs table (the oldest job, the last row) opens its detail in view.
        var recentRow = page.Locator($"#recent-jobs tr[data-key='{failed}']");
        await Expect(page.Locator("#recent-jobs tr")).ToHaveCountAsync(13, Count);
        await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
        Assert.True(await page.EvaluateAsync<double>("() => window.scrollY") > 300, "The page is not long enough to test that the detail opens in view.");
        await recentRow.Locator("td").Nth(1).ClickAsync();
        await Expect(page.Locator("#detail-id")).ToHaveTextAsync(failed, Text);
        await Expect(page.Locator("#detail-id")).ToBeInViewportAsync(new() { Ratio = 1, Timeout = 30_000 });
        await Expect(page.Locator("#detail-failure")).ToBeInViewportAsync(new() { Ratio = 1, Timeout = 30_000 });
        await Expect(page.Locator("#detail-failure .error-type")).ToHaveTextAsync("InvalidJobInputException", Text);
        await Expect(page.Locator("#detail-failure")).ToContainTextAsync("Failed in InspectDocumentActivity", Contains);
        var screenshot = await browser.ScreenshotAsync("dashboard-detail.png", fullPage: false);
        output.WriteLine($"Dashboard screenshot: {screenshot}");

        // Esc closes it.
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("#detail")).ToBeHiddenAsync(new() { Timeout = 30_000 });

        // Retry: the row now says Retried, links to the new job, and offers no second retry.
        await failedRow.Locator("button[data-action=retry]").ClickAsync();
        var marker = failedRow.Locator("button[data-action=open-retry]");
        await Expect(marker).ToBeVisibleAsync(Visible);
        await Expect(marker).ToContainTextAsync("Retried", Contains);
        await Expect(failedRow.Locator("button[data-action=retry]")).ToHaveCountAsync(0, Count);
        var newId = (await marker.GetAttributeAsync("data-id"))!;
        Assert.NotEqual(failed, newId);

        // After a reload (nothing remembered by the page), the marker comes from the API: on both tables.
        await page.ReloadAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Live", Text);
        await Expect(failedRow.Locator("button[data-action=open-retry]")).ToHaveAttributeAsync("data-id", newId, new() { Timeout = 30_000 });
        await Expect(failedRow.Locator("button[data-action=retry]")).ToHaveCountAsync(0, Count);
        await Expect(recentRow.Locator("button[data-action=open-retry]")).ToHaveAttributeAsync("data-id", newId, new() { Timeout = 30_000 });
        await Expect(recentRow.Locator("button[data-action=retry]")).ToHaveCountAsync(0, Count);

        // The marker opens the retry, which names its original.
        await failedRow.Locator("button[data-action=open-retry]").ClickAsync();
        await Expect(page.Locator("#detail-id")).ToHaveTextAsync(newId, Text);
        await Expect(page.Locator("#detail-body")).ToContainTextAsync("Retry of", Contains);
        await Expect(page.Locator($"#detail-body button.job-id[data-id='{failed}']")).ToBeVisibleAsync(Visible);

        Assert.Empty(browser.RequestsOutside(server.BaseAddress));
        Assert.Empty(browser.UnexpectedConsoleErrors());
    }

    [Fact]
    public async Task Dashboard_MoreJobsThanAPage_OlderAndNewerPageWithTheContinuationToken()
    {
        await using var server = await ServerHost.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await OperatedJobs.StartCompletingAsync(server));
        }

        await OperatedJobs.WaitForEndAsync(server, ids);
        var listed = (await OperatedJobs.GetAsync(server, "/api/jobs?pageSize=100")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;

        await browser.OpenAsync(server.BaseAddress, ServerHost.ApiKey, "/dashboard?pageSize=3");

        var rows = page.Locator("#recent-jobs tr");
        var older = page.Locator("#page-older");
        var newer = page.Locator("#page-newer");
        await Expect(rows).ToHaveCountAsync(3, Count);
        await Expect(newer).ToBeDisabledAsync();
        var first = await KeysAsync(rows);

        await older.ClickAsync();
        await Expect(page.Locator("#recent-page")).ToHaveTextAsync("page 2, newest first", Text);
        var second = await KeysAsync(rows);

        await older.ClickAsync();
        await Expect(page.Locator("#recent-page")).ToHaveTextAsync("page 3, newest first", Text);
        await Expect(rows).ToHaveCountAsync(1, Count);
        await Expect(older).ToBeDisabledAsync();
        var third = await KeysAsync(rows);

        // Every job once, in the API's order; and back again.
        Assert.Equal(listed, [.. first, .. second, .. third]);
        await newer.ClickAsync();
        await Expect(page.Locator("#recent-page")).ToHaveTextAsync("page 2, newest first", Text);
        Assert.Equal(second, await KeysAsync(rows));
        await newer.ClickAsync();
        await Expect(page.Locator("#recent-page")).ToHaveTextAsync("newest first", Text);
        await Expect(newer).ToBeDisabledAsync();
        Assert.Equal(first, await KeysAsync(rows));
        Assert.Empty(browser.UnexpectedConsoleErrors());
    }

    [Fact]
    public async Task Dashboard_DelayedJob_IsListedAsScheduledWithItsStartTime_AndCanBeCanceled()
    {
        await using var server = await ServerHost.StartAsync();
        var later = await OperatedJobs.StartAsync(server, new { subject = "Hi", text = "Hello", recipients = new[] { new { email = "a@example.com" } }, delaySeconds = 3600 });
        var now = await OperatedJobs.StartCompletingAsync(server);
        await OperatedJobs.WaitForEndAsync(server, [now]);
        var runAt = (await OperatedJobs.GetAsync(server, $"/api/jobs/{later}")).GetProperty("runAt").GetString();
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;
        await browser.OpenAsync(server.BaseAddress, ServerHost.ApiKey);

        // Listed as scheduled, with its start in the browser's zone and how far ahead it is.
        var row = page.Locator($"#recent-jobs tr[data-key='{later}']");
        await Expect(row.Locator(".status")).ToHaveTextAsync("scheduled", Text);
        await Expect(row.Locator(".starts")).ToHaveTextAsync(new Regex(@"^starts \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2}\s[AP]M GMT\+[12] \(in (59 min|1 h)\)$"), Text);
        await Expect(row.Locator(".starts")).ToHaveAttributeAsync("title", runAt!);
        await Expect(page.Locator("#by-status [data-name=scheduled] dd")).ToHaveTextAsync("1", Text);
        await Expect(page.Locator("#by-status [data-name=running] dd")).ToHaveTextAsync("0", Text);
        await page.Locator("#filter-status").SelectOptionAsync("scheduled");
        await Expect(page.Locator("#recent-jobs tr")).ToHaveCountAsync(1, Count);
        await Expect(row).ToBeVisibleAsync(Visible);
        await page.Locator("#filter-status").SelectOptionAsync("");
        await Expect(page.Locator("#recent-jobs tr")).ToHaveCountAsync(2, Count);

        // Its detail says when it starts.
        await row.Locator("td").Nth(1).ClickAsync();
        await Expect(page.Locator("#detail-id")).ToHaveTextAsync(later, Text);
        await Expect(page.Locator("#detail-body")).ToContainTextAsync("Starts", Contains);
        var screenshot = await browser.ScreenshotAsync("dashboard-scheduled.png", fullPage: false);
        output.WriteLine($"Dashboard screenshot: {screenshot}");

        // Cancel, confirmed by a second click: the job never runs.
        var cancel = row.Locator("button[data-action=cancel]");
        await cancel.ClickAsync();
        await Expect(cancel).ToHaveTextAsync("Confirm cancel", Text);
        await cancel.ClickAsync();
        await Expect(row.Locator(".status")).ToHaveTextAsync("canceled", Text);
        Assert.Equal("canceled", (await OperatedJobs.GetAsync(server, $"/api/jobs/{later}")).GetProperty("status").GetString());
        Assert.Empty(browser.UnexpectedConsoleErrors());
    }

    private static async Task<List<string>> KeysAsync(ILocator rows) =>
        [.. (await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)"))];
}
