using BackgroundJobs.Server.Tests;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.JobTypes.Tests.CrmSync;

/// <summary>
/// Invalid CRM sync starts are refused with a 4xx RFC 9457 problem document that names the field,
/// and nothing is started or stored.
/// </summary>
public class CrmSyncBadInputTests : IAsyncLifetime
{
    private CrmStandIn crm = null!;
    private ServerHost server = null!;
    private readonly Dictionary<string, string> uploads = [];

    public async Task InitializeAsync()
    {
        // A host with a CRM: one without is refused at the door (RequiredSettingsTests), before these checks matter.
        crm = await CrmStandIn.StartAsync();
        server = await ServerHost.StartAsync(new Dictionary<string, string?> { ["Crm:BaseUrl"] = crm.BaseUrl });
        uploads["{csv}"] = await server.UploadAsync("externalId,email\nc1,a@example.com\n");
        uploads["{jsonl}"] = await server.UploadAsync("{\"externalId\":\"c1\"}\n", "application/x-ndjson");
        uploads["{csvWithoutId}"] = await server.UploadAsync("id,email\nc1,a@example.com\n");
        uploads["{csvOpenQuote}"] = await server.UploadAsync("\"externalId,email\nc1,a@example.com\n");
        uploads["{jsonlNotJson}"] = await server.UploadAsync("externalId,email\n", "application/x-ndjson");
        uploads["{jsonlWithoutId}"] = await server.UploadAsync("{\"email\":\"a@example.com\"}\n", "application/x-ndjson");
        uploads["{jsonlArray}"] = await server.UploadAsync("[1,2]\n", "application/x-ndjson");
        uploads["{json}"] = await server.UploadAsync("{\"externalId\":\"c1\"}", "application/json");
        uploads["{pdf}"] = await server.UploadAsync("%PDF-1.7", "application/pdf");
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await crm.DisposeAsync();
    }

    // Each placeholder is replaced by an upload of that kind, so each case breaks exactly one rule.
    public static TheoryData<string, string, string, int, string> Cases() => new()
    {
        { "malformed JSON", "application/json", "not json", 400, "body" },
        { "wrong content type", "text/plain", """{"blob":"{csv}"}""", 415, "Content-Type" },
        { "empty body", "application/json", "", 400, "body" },
        { "missing blob", "application/json", """{"batchesPerSegment":5}""", 400, "blob" },
        { "blob of the wrong type", "application/json", """{"blob":42}""", 400, "blob" },
        { "unknown blob", "application/json", """{"blob":"uploads/0123456789abcdef.csv"}""", 400, "blob" },
        { "path traversal in blob", "application/json", """{"blob":"uploads/../../etc/passwd.csv"}""", 400, "blob" },
        { "blob outside uploads", "application/json", """{"blob":"results/x/crm-errors.csv"}""", 400, "blob" },
        { "a JSON (not JSON lines) upload", "application/json", """{"blob":"{json}"}""", 400, "blob" },
        { "a PDF upload", "application/json", """{"blob":"{pdf}"}""", 400, "blob" },
        { "CSV without an externalId column", "application/json", """{"blob":"{csvWithoutId}"}""", 400, "blob" },
        { "CSV header with an open quote", "application/json", """{"blob":"{csvOpenQuote}"}""", 400, "blob" },
        { "JSON lines whose first line is no JSON", "application/json", """{"blob":"{jsonlNotJson}"}""", 400, "blob" },
        { "JSON lines whose first record has no externalId", "application/json", """{"blob":"{jsonlWithoutId}"}""", 400, "blob" },
        { "JSON lines whose first line is an array", "application/json", """{"blob":"{jsonlArray}"}""", 400, "blob" },
        { "batchesPerSegment zero", "application/json", """{"blob":"{csv}","batchesPerSegment":0}""", 400, "batchesPerSegment" },
        { "batchesPerSegment too large", "application/json", """{"blob":"{jsonl}","batchesPerSegment":51}""", 400, "batchesPerSegment" },
        { "a checkpoint from the client", "application/json", """{"blob":"{csv}","checkpoint":{"runId":"x","segment":3,"byteOffset":10,"line":2,"totals":{"records":0,"created":0,"updated":0,"failed":0}}}""", 400, "checkpoint" },
        { "callback on a server that cannot sign", "application/json", """{"blob":"{csv}","callback":{"url":"https://example.com/hook"}}""", 400, "callback" },
        { "invalid notifyEmail", "application/json", """{"blob":"{csv}","notifyEmail":"not an address"}""", 400, "notifyEmail" },
        { "unknown property", "application/json", """{"blob":"{csv}","dryRun":true}""", 400, "dryRun" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task StartCrmSync_InvalidRequest_Is4xxProblemNamingTheField_AndNothingIsStartedOrStored(string because, string contentType, string body, int expectedStatus, string field)
    {
        foreach (var (placeholder, name) in uploads)
        {
            body = body.Replace(placeholder, name, StringComparison.Ordinal);
        }

        await server.AssertRefusedAsync("/api/jobs/crm-sync", contentType, body, expectedStatus, field, because);
    }

    [Theory]
    [InlineData("{csv}")]
    [InlineData("{jsonl}")]
    public async Task StartCrmSync_ValidCsvOrJsonLinesUpload_IsAccepted(string placeholder)
    {
        using var response = await server.PostJsonAsync("/api/jobs/crm-sync", new { blob = uploads[placeholder] });

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
    }
}
