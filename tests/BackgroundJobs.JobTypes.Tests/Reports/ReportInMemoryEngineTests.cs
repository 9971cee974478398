using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using BackgroundJobs.Server.Tests;

namespace BackgroundJobs.JobTypes.Tests.Reports;

/// <summary>Reports end to end over real HTTP on the server's in-memory engine, blobs in a local folder (proxied download links).</summary>
public class ReportInMemoryEngineTests
{
    [Fact]
    public async Task Reports_AfterARealBulkEmail_EmailDeliveryAndJobHistory_DownloadWithTheRowsAUserChecks()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        var (bulkJobId, startedAfter) = await ReportScenario.RunBulkEmailWithOneRefusedBatchAsync(server, sendGrid);

        await ReportScenario.AssertEmailDeliveryCsvAsync(server, sendGrid, bulkJobId);
        await ReportScenario.AssertEmailDeliveryXlsxAsync(server, bulkJobId);
        await ReportScenario.AssertJobHistoryCsvAsync(server, bulkJobId, startedAfter);
    }

    [Fact]
    public async Task EmailDelivery_OfABulkEmailThatFailed_ListsEveryRecipientAsFailed_WithTheProvidersAnswer()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        sendGrid.OutageStatus = 401;
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", new { subject = "Hi", text = "Hi", recipients = new[] { new { email = "ada@example.com" }, new { email = "grace@example.com" }, new { email = "ken@example.com" } }, batchSize = 2 });
        var status = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(60));
        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());

        // A failed job has no result naming its run; the report finds the one run its blobs hold.
        var report = await ReportJob.RunAsync(server, new { report = "email-delivery", jobId = status.GetProperty("instanceId").GetString() });

        Assert.Equal("Completed", report.RuntimeStatus);
        var rows = ReportJob.ParseCsv(await report.DownloadAsync(server, "/email-delivery.csv"));
        Assert.Equal(["ada@example.com", "grace@example.com", "ken@example.com"], rows.Select(r => r["email"]));
        Assert.All(rows, r => Assert.Equal(("failed", "401"), (r["status"], r["statusCode"])));
        Assert.Equal(["0", "0", "1"], rows.Select(r => r["batch"]));
    }
}
