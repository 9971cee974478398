using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using BackgroundJobs.Server.Tests;

namespace BackgroundJobs.JobTypes.Tests.Reports;

/// <summary>Reports end to end on the Azure Storage task hub and blob store in Azurite: the files download through SAS links.</summary>
public class ReportAzureStorageEndToEndTests
{
    [Fact]
    public async Task Reports_OnAzurite_AfterARealBulkEmail_EmailDeliveryAndJobHistory_DownloadWithTheRowsAUserChecks()
    {
        await AzuriteEndpoint.EnsureRunningAsync();
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid, ServerHost.OnAzurite()));
        var (bulkJobId, startedAfter) = await ReportScenario.RunBulkEmailWithOneRefusedBatchAsync(server, sendGrid);

        await ReportScenario.AssertEmailDeliveryCsvAsync(server, sendGrid, bulkJobId);
        await ReportScenario.AssertEmailDeliveryXlsxAsync(server, bulkJobId);
        await ReportScenario.AssertJobHistoryCsvAsync(server, bulkJobId, startedAfter);
    }
}
