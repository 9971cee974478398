using System.Text;
using BackgroundJobs.Server.Tests;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.JobTypes.Tests.CrmSync;

/// <summary>
/// End to end over real HTTP: the server on the Azure Storage task hub and blob store in Azurite
/// (so every later generation reads its segment through a ranged download), the CRM stand-in on
/// Kestrel, the error report fetched through the SAS link the job view gives.
/// </summary>
public class CrmSyncAzureStorageEndToEndTests
{
    [Fact]
    public async Task Sync_OnAzurite_JsonLinesOverSeveralGenerations_CountsCarried_ErrorsDownloadThroughSasLink()
    {
        await AzuriteEndpoint.EnsureRunningAsync();
        await using var crm = await CrmStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(CrmSyncJob.Settings(crm, settings: ServerHost.OnAzurite()));
        using var anonymous = new HttpClient();
        var lines = new StringBuilder();
        for (var i = 1; i <= 450; i++)
        {
            var email = i == 321 ? "nobody" : $"p{i}@example.com";
            lines.Append($"{{\"externalId\":\"e{i}\",\"email\":\"{email}\",\"lastName\":\"Name {i}\"}}\n");
        }

        var blob = await server.UploadAsync(lines.ToString(), "application/x-ndjson");

        var job = await CrmSyncJob.RunAsync(server, blob, batchesPerSegment: 2, timeout: TimeSpan.FromMinutes(3));

        Assert.Equal("Completed", job.RuntimeStatus);
        Assert.Equal(3, job.Result.GetProperty("segments").GetInt32());
        Assert.Equal((450L, 449L, 0L, 1L), job.Counts);
        Assert.Equal(449, crm.ContactCount);
        var progress = job.View.GetProperty("progress");
        Assert.Equal(("completed", 450, 450, 100), (progress.GetProperty("stage").GetString(), progress.GetProperty("done").GetInt32(), progress.GetProperty("total").GetInt32(), progress.GetProperty("percent").GetInt32()));
        Assert.Equal("Name 450", crm.Find("e450")!["lastName"]!.GetValue<string>());
        var file = job.View.GetProperty("files").EnumerateArray().Single();
        var url = new Uri(file.GetProperty("url").GetString()!);
        Assert.Contains("sig=", url.Query, StringComparison.Ordinal);
        var csv = await anonymous.GetStringAsync(url);
        Assert.Equal("line,externalId,error\n321,e321,email: 'nobody' is not a valid e-mail address.\n", csv);
    }
}
