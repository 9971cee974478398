using System.Net.Http.Json;
using BackgroundJobs.Server.Tests.Dashboard;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackgroundJobs.Server.Tests.Schedules;

/// <summary>The dashboard's Schedules panel in real headless Chromium against a real server.</summary>
public class SchedulesPanelBrowserTests
{
    private static readonly LocatorAssertionsToHaveTextOptions Text = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToContainTextOptions Contains = new() { Timeout = 30_000 };

    [Fact]
    public async Task Panel_ShowsTheScheduleInWords_RunNowStartsOneJob_AndPauseShowsPaused()
    {
        await using var server = await ServerHost.StartAsync();
        using (var created = await server.Http.PutAsJsonAsync("/api/schedules/nightly", new
        {
            cron = "30 2 * * *",
            timeZone = "Europe/Paris",
            jobType = "bulk-email",
            request = new { subject = "Night", text = "Hello", recipients = new[] { new { email = "ada@example.com" } } },
        }))
        {
            created.EnsureSuccessStatusCode();
        }

        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;
        await browser.OpenAsync(server.BaseAddress, ServerHost.ApiKey);
        var row = page.Locator("#schedules-rows tr[data-key='nightly']");
        await Expect(row.Locator(".cron")).ToHaveTextAsync("daily at 02:30", Text);
        await Expect(row).ToContainTextAsync("Europe/Paris", Contains);

        await row.Locator("button[data-action=trigger]").ClickAsync();
        await Expect(page.Locator("#schedules-message")).ToContainTextAsync("nightly: started (schedule-nightly-", Contains);
        await Expect(page.Locator("#schedules-rows tr[data-key='nightly'] .schedule-outcomes")).ToContainTextAsync("started schedule-nightly-", Contains);
        await page.Locator("#schedules-rows tr[data-key='nightly'] button[data-action=pause]").ClickAsync();
        await Expect(page.Locator("#schedules-rows tr[data-key='nightly'] .next")).ToHaveTextAsync("paused", Text);

        Assert.Equal(1, await server.CountInstancesAsync(jobsOnly: true));
        Assert.Empty(browser.UnexpectedConsoleErrors());
    }
}
