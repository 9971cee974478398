using System.Globalization;
using System.Text;
using BackgroundJobs.Server.Tests;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.JobTypes.Tests.CrmSync;

/// <summary>Starts a CRM sync over HTTP, follows it to the end and reads its job view and error report.</summary>
internal sealed class CrmSyncJob : FinishedJob
{
    private CrmSyncJob(FinishedJob finished)
        : base(finished)
    {
    }

    public (long Records, long Created, long Updated, long Failed) Counts =>
        (Result.GetProperty("records").GetInt64(), Result.GetProperty("created").GetInt64(), Result.GetProperty("updated").GetInt64(), Result.GetProperty("failed").GetInt64());

    public static Dictionary<string, string?> Settings(CrmStandIn crm, double requestsPerSecond = 200, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Crm:BaseUrl"] = crm.BaseUrl;
        settings["Crm:ApiKey"] = "crm-test-key";
        settings["Crm:RequestsPerSecond"] = requestsPerSecond.ToString(CultureInfo.InvariantCulture);
        return settings;
    }

    /// <summary>A CSV of <paramref name="count"/> valid contacts, <c>c00001</c> on.</summary>
    public static string Csv(int count, string company = "Acme")
    {
        var csv = new StringBuilder("externalId,email,firstName,lastName,company,tier\n");
        for (var i = 1; i <= count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"c{i:D5},person{i}@example.com,First{i},Last{i},{company},gold\n");
        }

        return csv.ToString();
    }

    public static async Task<CrmSyncJob> RunAsync(ServerHost server, string blob, int? batchesPerSegment = null, TimeSpan? timeout = null) =>
        new(await StartAndFollowAsync(server, "/api/jobs/crm-sync", batchesPerSegment is null ? new { blob } : new { blob, batchesPerSegment }, "crm-sync", timeout ?? TimeSpan.FromSeconds(90)));

    /// <summary>The rows of <c>crm-errors.csv</c> after its header, fetched through the job view's download link.</summary>
    public async Task<List<string>> ErrorRowsAsync(ServerHost server)
    {
        var csv = await server.Http.GetStringAsync(LinkTo("/crm-errors.csv"));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal("line,externalId,error", lines[0]);
        return lines.Skip(1).ToList();
    }
}
