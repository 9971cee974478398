using System.Text;
using BackgroundJobs.Server.Tests;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.JobTypes.Tests.CrmSync;

/// <summary>The CRM sync on the real in-memory engine, through the server's HTTP API, against the CRM stand-in on Kestrel.</summary>
public class CrmSyncInMemoryEngineTests
{
    [Fact]
    public async Task Sync_Csv_CreatesEveryContact_AndASecondSyncOfTheSameFileCountsUpdates()
    {
        await using var crm = await CrmStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(CrmSyncJob.Settings(crm));
        var blob = await server.UploadAsync(CrmSyncJob.Csv(250));

        var first = await CrmSyncJob.RunAsync(server, blob);
        var second = await CrmSyncJob.RunAsync(server, blob);

        Assert.Equal("Completed", first.RuntimeStatus);
        Assert.Equal((250L, 250L, 0L, 0L), first.Counts);
        Assert.Equal((250L, 0L, 250L, 0L), second.Counts);
        Assert.Equal(6, crm.UpsertRequests);
        var stored = await crm.ListAllAsync(pageSize: 40);
        Assert.Equal(250, stored.Count);
        var one = crm.Find("c00042")!;
        Assert.Equal(("person42@example.com", "First42", "Acme"), (one["email"]!.GetValue<string>(), one["firstName"]!.GetValue<string>(), one["company"]!.GetValue<string>()));
        Assert.Equal("gold", one["fields"]!["tier"]!.GetValue<string>());
        Assert.False(first.Result.TryGetProperty("errorsBlob", out _));
    }

    [Fact]
    public async Task Sync_JsonLinesWithBadRecords_CountsThemFailed_AndListsEachWithLineAndReasonInTheErrorsCsv()
    {
        await using var crm = await CrmStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(CrmSyncJob.Settings(crm));
        var lines = new StringBuilder();
        lines.Append("{\"externalId\":\"j1\",\"email\":\"j1@example.com\"}\n");
        lines.Append("{\"externalId\":\"j2\",\"email\":\"not-an-address\"}\n");
        lines.Append("{\"email\":\"noid@example.com\"}\n");
        lines.Append("this is no json\n");
        lines.Append('\n');
        lines.Append("{\"externalId\":\"j3\",\"firstName\":\"Ada\"}");
        var blob = await server.UploadAsync(lines.ToString(), "application/x-ndjson");

        var job = await CrmSyncJob.RunAsync(server, blob);

        Assert.Equal("Completed", job.RuntimeStatus);
        Assert.Equal((5L, 2L, 0L, 3L), job.Counts);
        var rows = await job.ErrorRowsAsync(server);
        Assert.Equal(3, rows.Count);
        Assert.Contains(rows, r => r.StartsWith("2,j2,", StringComparison.Ordinal) && r.Contains("not a valid e-mail", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("3,,", StringComparison.Ordinal) && r.Contains("externalId", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("4,,", StringComparison.Ordinal) && r.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.Equal(2, crm.ContactCount);
    }

    [Fact]
    public async Task Sync_CrmAnswers500And503_BatchesAreRetried_AndNothingIsLost()
    {
        await using var crm = await CrmStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(CrmSyncJob.Settings(crm));
        var blob = await server.UploadAsync(CrmSyncJob.Csv(300));
        crm.FailNextRequests(2, 503, retryAfter: TimeSpan.FromSeconds(1));
        crm.FailNextRequests(1, 500);

        var job = await CrmSyncJob.RunAsync(server, blob);

        Assert.Equal((300L, 300L, 0L, 0L), job.Counts);
        Assert.Equal(3, crm.ScriptedFailures);
        Assert.Equal(6, crm.UpsertRequests);
        Assert.Equal(300, crm.ContactCount);
    }

    [Fact]
    public async Task Sync_CrmRefusesABatchWith400_ItsRecordsFailWithTheReason_AndTheOtherBatchesGoOn()
    {
        await using var crm = await CrmStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(CrmSyncJob.Settings(crm));
        var blob = await server.UploadAsync(CrmSyncJob.Csv(150));
        crm.FailNextRequests(1, 400);

        var job = await CrmSyncJob.RunAsync(server, blob, batchesPerSegment: 1);

        Assert.Equal((150L, 50L, 0L, 100L), job.Counts);
        var rows = await job.ErrorRowsAsync(server);
        Assert.Equal(100, rows.Count);
        Assert.All(rows, r => Assert.Contains("refused the batch (400)", r, StringComparison.Ordinal));
        Assert.Equal(2, crm.UpsertRequests);
    }

    [Fact]
    public async Task Sync_ClientBelowTheCrmRateLimit_NeverGets429()
    {
        await using var crm = await CrmStandIn.StartAsync();
        crm.RateLimitPerSecond = 5;
        await using var server = await ServerHost.StartAsync(CrmSyncJob.Settings(crm, requestsPerSecond: 4));
        var blob = await server.UploadAsync(CrmSyncJob.Csv(1000));

        var job = await CrmSyncJob.RunAsync(server, blob);

        Assert.Equal((1000L, 1000L, 0L, 0L), job.Counts);
        Assert.Equal(0, crm.RateLimitedRequests);
        Assert.InRange(crm.PeakRequestsPerSecond, 1, 5);
    }

    [Fact]
    public async Task Sync_ClientAboveTheCrmRateLimit_Gets429_WaitsForRetryAfter_AndLosesNothing()
    {
        await using var crm = await CrmStandIn.StartAsync();
        crm.RateLimitPerSecond = 2;
        await using var server = await ServerHost.StartAsync(CrmSyncJob.Settings(crm, requestsPerSecond: 100));
        var blob = await server.UploadAsync(CrmSyncJob.Csv(600));

        var job = await CrmSyncJob.RunAsync(server, blob, timeout: TimeSpan.FromSeconds(120));

        Assert.Equal((600L, 600L, 0L, 0L), job.Counts);
        Assert.True(crm.RateLimitedRequests > 0, "the stand-in never limited: the test proves nothing");
        Assert.Equal(600, crm.ContactCount);
    }

    [Fact]
    public async Task Sync_1050Records_InSegmentsOfTwoBatches_ContinuesAsNewSixTimes_AndCarriesTheCounts()
    {
        await using var crm = await CrmStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(CrmSyncJob.Settings(crm));
        var csv = CrmSyncJob.Csv(1050).Replace("person77@example.com", "bad address", StringComparison.Ordinal);
        var blob = await server.UploadAsync(csv);

        var job = await CrmSyncJob.RunAsync(server, blob, batchesPerSegment: 2);

        Assert.Equal("Completed", job.RuntimeStatus);
        Assert.Equal(6, job.Result.GetProperty("segments").GetInt32());
        Assert.Equal((1050L, 1049L, 0L, 1L), job.Counts);
        Assert.Equal(1049, crm.ContactCount);
        Assert.Equal(["78,c00077,email: 'bad address' is not a valid e-mail address."], await job.ErrorRowsAsync(server));
        var progress = job.View.GetProperty("progress");
        Assert.Equal(1050, progress.GetProperty("counts").GetProperty("records").GetInt64());
        Assert.Equal((1050, 1050, 100), (progress.GetProperty("done").GetInt32(), progress.GetProperty("total").GetInt32(), progress.GetProperty("percent").GetInt32()));
    }
}
