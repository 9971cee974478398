using System.Security.Cryptography;
using BackgroundJobs.Server.Tests.Jobs;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackgroundJobs.Server.Tests.Dashboard;

/// <summary>
/// The dashboard in a real headless browser (Debian's chromium driven by Playwright) against a real
/// server with real jobs: a bulk e-mail the SendGrid stand-in rejected, one it accepted, and the
/// failed job's signed webhook delivered to a real receiver.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToHaveTextOptions Text = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToContainTextOptions Contains = new() { Timeout = 30_000 };

    [Fact]
    public async Task Dashboard_ShowsTheFailedJobAndItsError_RetryRunsItAgain_AndTheDetailShowsItsDelivery()
    {
        // Arrange: the provider refuses the first job's only batch (a 4xx is final), then accepts.
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = ServerHost.WithSendGrid(sendGrid);
        settings["Webhooks:SigningSecret"] = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["Webhooks:AllowHttp"] = "true";
        settings["Webhooks:AllowPrivateNetworks"] = "true";
        await using var server = await ServerHost.StartAsync(settings);
        sendGrid.EnqueueFault(403, "The from address does not match a verified Sender Identity.");
        var failed = await OperatedJobs.StartAsync(server, new
        {
            subject = "Hi",
            text = "Hello",
            recipients = new[] { new { email = "ada@example.com" } },
            callback = new { url = receiver.Url },
        });
        await OperatedJobs.WaitForEndAsync(server, [failed]);
        var completed = await OperatedJobs.StartCompletingAsync(server);
        await OperatedJobs.WaitForEndAsync(server, [completed]);
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(60));
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;

        // A wrong key is refused and asked for again; the right one connects.
        await browser.OpenAsync(server.BaseAddress, "not-the-key");
        await Expect(page.Locator("#key-error")).ToContainTextAsync("rejected", Contains);
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Key rejected", Text);
        await browser.EnterKeyAsync(ServerHost.ApiKey);
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Live", Text);

        // The failed job and its error, the counts, the failure on the chart.
        var failedRow = page.Locator($"#failed-jobs tr[data-key='{failed}']");
        await Expect(failedRow).ToBeVisibleAsync(Visible);
        await Expect(failedRow.Locator(".error-type")).ToHaveTextAsync("BulkEmailFailedException", Text);
        await Expect(failedRow.Locator(".error-message")).ToContainTextAsync("No recipient was sent", Contains);
        await Expect(failedRow.Locator(".error-message")).ToContainTextAsync("verified Sender Identity", Contains);
        await Expect(page.Locator("#by-status [data-name=failed] dd")).ToHaveTextAsync("1", Text);
        await Expect(page.Locator("#by-status [data-name=completed] dd")).ToHaveTextAsync("1", Text);
        await Expect(page.Locator("#by-type [data-name=bulk-email] dd")).ToHaveTextAsync("2", Text);
        await Expect(page.Locator("#failures-last-hour")).ToHaveTextAsync("1", Text);
        await Expect(page.Locator("#chart rect.bar[data-count='1']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });

        // The failed job's detail: where it failed, and the job.failed webhook delivered.
        await failedRow.Locator("td").Nth(1).ClickAsync();
        await Expect(page.Locator("#detail-id")).ToHaveTextAsync(failed, Text);
        await Expect(page.Locator("#detail-failure")).ToContainTextAsync("verified Sender Identity", Contains);
        var delivery = page.Locator("#deliveries tbody tr").First;
        await Expect(delivery).ToContainTextAsync("job.failed", Contains);
        await Expect(delivery).ToContainTextAsync(receiver.Url, Contains);
        await Expect(delivery.Locator(".status")).ToHaveTextAsync("delivered", Text);

        // Redeliver sends the same event again (same webhook-id), and the log shows a second attempt.
        await delivery.Locator("button[data-action=redeliver]").ClickAsync();
        await Expect(page.Locator("#toast")).ToContainTextAsync("sent again", Contains);
        var received = await receiver.WaitForAsync(2, TimeSpan.FromSeconds(60));
        Assert.Equal(received[0].Id, received[1].Id);
        await Expect(delivery.Locator("td").Nth(3)).ToContainTextAsync("2, last 200", Contains);
        await Expect(delivery.Locator(".status")).ToHaveTextAsync("delivered", Text);

        // Retry: a new job with the same input runs, this time accepted by the provider, and completes.
        await failedRow.Locator("button[data-action=retry]").ClickAsync();
        var retriedAs = failedRow.Locator("button[data-action=open-retry]");
        await Expect(retriedAs).ToBeVisibleAsync(Visible);
        var newId = (await retriedAs.GetAttributeAsync("data-id"))!;
        Assert.NotEqual(failed, newId);
        await Expect(page.Locator("#detail-id")).ToHaveTextAsync(newId, Text);
        await Expect(page.Locator("#detail-body .status").First).ToHaveTextAsync("completed", Text);
        await Expect(page.Locator($"#recent-jobs tr[data-key='{newId}'] .status")).ToHaveTextAsync("completed", Text);
        await Expect(page.Locator("#by-status [data-name=completed] dd")).ToHaveTextAsync("2", Text);
        await Expect(page.Locator("#by-status [data-name=failed] dd")).ToHaveTextAsync("1", Text);
        var newJob = await OperatedJobs.GetAsync(server, $"/api/jobs/{newId}");
        Assert.Equal("completed", newJob.GetProperty("status").GetString());
        Assert.Equal(failed, newJob.GetProperty("retryOf").GetString());
        Assert.Equal(1, sendGrid.CountOf("ada@example.com"));

        // The jobs table filters by status and type through GET /api/jobs.
        await page.Locator("#filter-status").SelectOptionAsync("failed");
        await Expect(page.Locator("#recent-jobs tr")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.Locator($"#recent-jobs tr[data-key='{failed}']")).ToBeVisibleAsync(Visible);
        await page.Locator("#filter-status").SelectOptionAsync("");
        await page.Locator("#filter-type").SelectOptionAsync("documents");
        await Expect(page.Locator("#recent-empty")).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("#recent-jobs tr")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await page.Locator("#filter-type").SelectOptionAsync("bulk-email");
        await Expect(page.Locator("#recent-jobs tr")).ToHaveCountAsync(3, new() { Timeout = 30_000 });

        // Times are the browser's local date and time with its zone (Berlin: GMT+1 in winter, GMT+2 in summer), then the age.
        await Expect(page.Locator("#recent-jobs td.time").First).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex(@"^\w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2}\s[AP]M GMT\+[12] \(\d+ (s|min|h|d) ago\)$"),
            Text);

        var screenshot = await browser.ScreenshotAsync("dashboard.png");
        output.WriteLine($"Dashboard screenshot: {screenshot}");
        Console.WriteLine($"Dashboard screenshot: {screenshot}");

        // Everything the page loaded came from the server itself, and nothing broke the CSP or threw.
        Assert.Contains(browser.Requests, url => url.EndsWith("/dashboard/dashboard.js", StringComparison.Ordinal));
        Assert.Empty(browser.RequestsOutside(server.BaseAddress));
        Assert.Empty(browser.UnexpectedConsoleErrors());
    }

    [Fact]
    public async Task Dashboard_CancelOfARunningJob_TakesASecondClick_AndTheJobShowsCanceled()
    {
        // The provider answers 429 to everything: the job keeps retrying its batch, running.
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.OutageStatus = 429;
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        var running = await OperatedJobs.StartAsync(server, new { subject = "Hi", text = "Hello", recipients = new[] { new { email = "ada@example.com" } } });
        await Eventually.HoldsAsync(() => sendGrid.Requests >= 1, TimeSpan.FromSeconds(60));
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;
        await browser.OpenAsync(server.BaseAddress, ServerHost.ApiKey);
        var row = page.Locator($"#recent-jobs tr[data-key='{running}']");
        await Expect(row.Locator(".status")).ToHaveTextAsync("running", Text);

        // One click only arms the button.
        var cancel = row.Locator("button[data-action=cancel]");
        await cancel.ClickAsync();
        await Expect(cancel).ToHaveTextAsync("Confirm cancel", Text);
        Assert.Equal("running", (await OperatedJobs.GetAsync(server, $"/api/jobs/{running}")).GetProperty("status").GetString());

        // The second cancels.
        await cancel.ClickAsync();
        await Expect(page.Locator("#toast")).ToContainTextAsync("canceled", Contains);
        await Expect(row.Locator(".status")).ToHaveTextAsync("canceled", Text);
        await Expect(row.Locator("button[data-action=retry]")).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("#by-status [data-name=canceled] dd")).ToHaveTextAsync("1", Text);
        var job = await OperatedJobs.GetAsync(server, $"/api/jobs/{running}");
        Assert.Equal("canceled", job.GetProperty("status").GetString());
        Assert.Empty(sendGrid.AcceptedRecipients);
        Assert.Empty(browser.UnexpectedConsoleErrors());
    }

    [Fact]
    public async Task Dashboard_KeepsTheKeyForTheTab_AndSaysWhenTheApiIsUnreachable_KeepingTheLastData()
    {
        var server = await ServerHost.StartAsync();
        var stopped = false;
        try
        {
            var failed = (await OperatedJobs.StartFailingAsync(server, 1))[0];
            await OperatedJobs.WaitForEndAsync(server, [failed]);
            await using var browser = await DashboardBrowser.LaunchAsync();
            var page = browser.Page;
            await browser.OpenAsync(server.BaseAddress, ServerHost.ApiKey);
            var failedRow = page.Locator($"#failed-jobs tr[data-key='{failed}']");
            await Expect(failedRow).ToBeVisibleAsync(Visible);

            // A reload keeps the key (session storage): no prompt.
            await page.ReloadAsync();
            await Expect(page.Locator("#connection")).ToHaveTextAsync("Live", Text);
            await Expect(page.Locator("#key-panel")).ToBeHiddenAsync(new() { Timeout = 30_000 });
            Assert.Equal(ServerHost.ApiKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('backgroundjobs.dashboard.key')"));

            await server.DisposeAsync();
            stopped = true;

            await Expect(page.Locator("#connection")).ToHaveTextAsync("API unreachable", Text);
            await Expect(page.Locator("#banner")).ToContainTextAsync("cannot be reached", Contains);
            await Expect(page.Locator("#main")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("stale"), new() { Timeout = 30_000 });
            await Expect(failedRow).ToBeVisibleAsync(Visible);
            var screenshot = await browser.ScreenshotAsync("dashboard-unreachable.png");
            output.WriteLine($"Dashboard screenshot: {screenshot}");
            Assert.Empty(browser.UnexpectedConsoleErrors());
        }
        finally
        {
            if (!stopped)
            {
                await server.DisposeAsync();
            }
        }
    }
}
