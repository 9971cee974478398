using System.Net;
using BackgroundJobs.Server.Tests;

namespace BackgroundJobs.JobTypes.Tests.Documents;

/// <summary>
/// Invalid document starts are refused with a 4xx RFC 9457 problem document that names the field,
/// and nothing is started or stored.
/// </summary>
public class DocumentBadInputTests : IAsyncLifetime
{
    private ServerHost server = null!;

    public async Task InitializeAsync() => server = await ServerHost.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    // "{blob}" is replaced by a name that exists, so each case breaks exactly one rule.
    public static TheoryData<string, string, string, int, string> Cases() => new()
    {
        { "malformed JSON", "application/json", "not json", 400, "body" },
        { "truncated JSON", "application/json", """{"blob":""", 400, "blob" },
        { "wrong content type", "text/plain", """{"blob":"{blob}"}""", 415, "Content-Type" },
        { "empty body", "application/json", "", 400, "body" },
        { "missing blob", "application/json", """{"operations":[{"type":"extractText"}]}""", 400, "blob" },
        { "blob of the wrong type", "application/json", """{"blob":42}""", 400, "blob" },
        { "unknown blob", "application/json", """{"blob":"uploads/0123456789abcdef.pdf"}""", 400, "blob" },
        { "path traversal in blob", "application/json", """{"blob":"uploads/../../etc/passwd"}""", 400, "blob" },
        { "blob outside uploads", "application/json", """{"blob":"results/x/summary.json"}""", 400, "blob" },
        { "empty operations", "application/json", """{"blob":"{blob}","operations":[]}""", 400, "operations" },
        { "null operation", "application/json", """{"blob":"{blob}","operations":[null]}""", 400, "operations[0]" },
        { "unknown operation", "application/json", """{"blob":"{blob}","operations":[{"type":"ocr"}]}""", 400, "operations[0].type" },
        { "operation without a type", "application/json", """{"blob":"{blob}","operations":[{"widths":[100]}]}""", 400, "operations[0].type" },
        { "the same operation twice", "application/json", """{"blob":"{blob}","operations":[{"type":"resize"},{"type":"resize"}]}""", 400, "operations[1].type" },
        { "too many operations", "application/json", """{"blob":"{blob}","operations":[{"type":"resize"},{"type":"extractText"},{"type":"resize"}]}""", 400, "operations" },
        { "width too small", "application/json", """{"blob":"{blob}","operations":[{"type":"resize","widths":[256,8]}]}""", 400, "operations[0].widths[1]" },
        { "width too large", "application/json", """{"blob":"{blob}","operations":[{"type":"resize","widths":[5000]}]}""", 400, "operations[0].widths[0]" },
        { "no widths", "application/json", """{"blob":"{blob}","operations":[{"type":"resize","widths":[]}]}""", 400, "operations[0].widths" },
        { "repeated width", "application/json", """{"blob":"{blob}","operations":[{"type":"resize","widths":[256,256]}]}""", 400, "operations[0].widths" },
        { "widths on extractText", "application/json", """{"blob":"{blob}","operations":[{"type":"extractText","widths":[256]}]}""", 400, "operations[0].widths" },
        { "pagesPerActivity zero", "application/json", """{"blob":"{blob}","operations":[{"type":"extractText","pagesPerActivity":0}]}""", 400, "operations[0].pagesPerActivity" },
        { "pagesPerActivity too large", "application/json", """{"blob":"{blob}","operations":[{"type":"extractText","pagesPerActivity":201}]}""", 400, "operations[0].pagesPerActivity" },
        { "pagesPerActivity on resize", "application/json", """{"blob":"{blob}","operations":[{"type":"resize","pagesPerActivity":5}]}""", 400, "operations[0].pagesPerActivity" },
        { "unknown property", "application/json", """{"blob":"{blob}","colour":"red"}""", 400, "colour" },
        { "unknown operation property", "application/json", """{"blob":"{blob}","operations":[{"type":"resize","height":10}]}""", 400, "operations[0].height" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task StartDocumentProcessing_InvalidRequest_Is4xxProblemNamingTheField_AndNothingIsStartedOrStored(string because, string contentType, string body, int expectedStatus, string field)
    {
        var blob = await server.UploadAsync("%PDF-1.7 not needed to be valid here", "application/pdf");

        await server.AssertRefusedAsync("/api/jobs/documents", contentType, body.Replace("{blob}", blob, StringComparison.Ordinal), expectedStatus, field, because);
    }

    [Theory]
    [InlineData("application/pdf")]
    [InlineData("image/png")]
    [InlineData("image/jpeg")]
    [InlineData("image/webp")]
    [InlineData("application/octet-stream")]
    public async Task Upload_DocumentContentTypes_AreAccepted(string contentType)
    {
        var name = await server.UploadAsync([1, 2, 3], contentType);

        Assert.True(await server.Blobs.ExistsAsync(name));
    }
}
