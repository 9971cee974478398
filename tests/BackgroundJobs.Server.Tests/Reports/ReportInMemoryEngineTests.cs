using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Server.Tests.Reports;

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
}
