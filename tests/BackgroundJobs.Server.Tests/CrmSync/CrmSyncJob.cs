using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Server.Tests.CrmSync;

/// <summary>Starts a CRM sync over HTTP, follows it to the end and reads its job view and error report.</summary>
internal sealed class CrmSyncJob
{
    private CrmSyncJob(string id, JsonElement status, JsonElement view)
    {
        Id = id;
        Status = status;
        View = view;
    }

    public string Id { get; }

    public JsonElement Status { get; }

    public JsonElement View { get; }

    public string RuntimeStatus => Status.GetProperty("runtimeStatus").GetString()!;

    public JsonElement Result => View.GetProperty("result");

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

    public static async Task<CrmSyncJob> RunAsync(ServerHost server, string blob, int? batchesPerSegment = null, TimeSpan? timeout = null)
    {
        using var start = await server.PostJsonAsync("/api/jobs/crm-sync", batchesPerSegment is null ? new { blob } : new { blob, batchesPerSegment });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("crm-sync", accepted.GetProperty("type").GetString());
        var status = await server.FollowStatusAsync(start.Headers.Location!, timeout ?? TimeSpan.FromSeconds(90));
        var id = accepted.GetProperty("id").GetString()!;
        var view = await server.Http.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
        return new CrmSyncJob(id, status, view);
    }

    /// <summary>The rows of <c>crm-errors.csv</c> after its header, fetched through the job view's download link.</summary>
    public async Task<List<string>> ErrorRowsAsync(ServerHost server)
    {
        var file = View.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("name").GetString()!.EndsWith("/crm-errors.csv", StringComparison.Ordinal));
        var csv = await server.Http.GetStringAsync(new Uri(file.GetProperty("url").GetString()!));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal("line,externalId,error", lines[0]);
        return lines.Skip(1).ToList();
    }
}
