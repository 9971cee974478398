using System.Net;
using System.Net.Http.Headers;

namespace BackgroundJobs.Server.Tests.Http;

/// <summary>
/// Invalid starts are refused with a 4xx RFC 9457 problem document that names the field, and
/// nothing is started or stored.
/// </summary>
public class BadInputTests : IAsyncLifetime
{
    private const string Valid = """{"subject":"Hi","text":"Hello","recipients":[{"email":"a@example.com"}]}""";

    private ServerHost server = null!;

    public async Task InitializeAsync() => server = await ServerHost.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    public static TheoryData<string, string, string, int, string> Cases()
    {
        var many = string.Join(',', Enumerable.Range(0, 1001).Select(i => $$"""{"email":"u{{i}}@example.com"}"""));
        var huge = new string('x', 1024 * 1024);
        return new()
        {
            { "malformed JSON", "application/json", """{"subject":"Hi", """, 400, "body" },
            { "wrong content type", "text/plain", Valid, 415, "Content-Type" },
            { "empty body", "application/json", "", 400, "body" },
            { "null body", "application/json", "null", 400, "body" },
            { "an array, not an object", "application/json", "[1,2]", 400, "body" },
            { "missing subject", "application/json", """{"text":"Hello","recipients":[{"email":"a@example.com"}]}""", 400, "subject" },
            { "missing html and text", "application/json", """{"subject":"Hi","recipients":[{"email":"a@example.com"}]}""", 400, "html" },
            { "invalid e-mail address", "application/json", """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com"},{"email":"nope"}]}""", 400, "recipients[1].email" },
            { "header injection in an address", "application/json", """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com\r\nBcc: b@example.com"}]}""", 400, "recipients[0].email" },
            { "too many inline recipients", "application/json", $$"""{"subject":"Hi","text":"x","recipients":[{{many}}]}""", 400, "recipients" },
            { "no recipients at all", "application/json", """{"subject":"Hi","text":"x"}""", 400, "recipients" },
            { "both recipients and a blob", "application/json", """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com"}],"recipientsBlob":"uploads/a.csv"}""", 400, "recipients" },
            { "negative batch size", "application/json", """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com"}],"batchSize":-5}""", 400, "batchSize" },
            { "oversized batch size", "application/json", """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com"}],"batchSize":1001}""", 400, "batchSize" },
            { "batch size of the wrong type", "application/json", """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com"}],"batchSize":"ten"}""", 400, "batchSize" },
            { "zero parallelism", "application/json", """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com"}],"maxParallelBatches":0}""", 400, "maxParallelBatches" },
            { "unknown onUnknownOutcome", "application/json", """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com"}],"onUnknownOutcome":"retry"}""", 400, "onUnknownOutcome" },
            { "onUnknownOutcome in capitals", "application/json", """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com"}],"onUnknownOutcome":"RESEND"}""", 400, "onUnknownOutcome" },
            { "unknown recipientsBlob", "application/json", """{"subject":"Hi","text":"x","recipientsBlob":"uploads/0123456789abcdef.csv"}""", 400, "recipientsBlob" },
            { "path traversal in recipientsBlob", "application/json", """{"subject":"Hi","text":"x","recipientsBlob":"uploads/../../etc/passwd"}""", 400, "recipientsBlob" },
            { "CR/LF in the subject", "application/json", """{"subject":"Hi\r\nBcc: victim@example.com","text":"x","recipients":[{"email":"a@example.com"}]}""", 400, "subject" },
            { "subject too long", "application/json", $$"""{"subject":"{{new string('s', 999)}}","text":"x","recipients":[{"email":"a@example.com"}]}""", 400, "subject" },
            { "invalid from address", "application/json", """{"subject":"Hi","text":"x","from":{"email":"me"},"recipients":[{"email":"a@example.com"}]}""", 400, "from.email" },
            { "U+2028 line separator in the subject", "application/json", """{"subject":"Hi\u2028Bcc: victim@example.com","text":"x","recipients":[{"email":"a@example.com"}]}""", 400, "subject" },
            { "U+2029 paragraph separator in from.name", "application/json", """{"subject":"Hi","text":"x","from":{"email":"me@example.com","name":"Me\u2029You"},"recipients":[{"email":"a@example.com"}]}""", 400, "from.name" },
            { "U+2028 in a recipient's name", "application/json", """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com","name":"A\u2028B"}]}""", 400, "recipients[0].name" },
            { "NEL in a recipient's name", "application/json", """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com","name":"A\u0085B"}]}""", 400, "recipients[0].name" },
            { "domain label starting with a hyphen", "application/json", """{"subject":"Hi","text":"x","recipients":[{"email":"a@-example.com"}]}""", 400, "recipients[0].email" },
            { "local part of 65 characters", "application/json", $$"""{"subject":"Hi","text":"x","recipients":[{"email":"{{new string('l', 65)}}@example.com"}]}""", 400, "recipients[0].email" },
            { "domain label of 64 characters", "application/json", $$"""{"subject":"Hi","text":"x","recipients":[{"email":"a@{{new string('d', 64)}}.com"}]}""", 400, "recipients[0].email" },
            { "notifyEmail with a hyphen-led domain", "application/json", """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com"}],"notifyEmail":"ops@-example.com"}""", 400, "notifyEmail" },
            { "Latin and Cyrillic mixed in the from domain", "application/json", """{"subject":"Hi","text":"x","from":{"email":"billing@p\u0430ypal.com"},"recipients":[{"email":"a@example.com"}]}""", 400, "from.email" },
            { "a mixed-script from domain in punycode", "application/json", """{"subject":"Hi","text":"x","from":{"email":"billing@xn--pypal-4ve.com"},"recipients":[{"email":"a@example.com"}]}""", 400, "from.email" },
            { "unknown property", "application/json", """{"subjekt":"Hi","text":"x","recipients":[{"email":"a@example.com"}]}""", 400, "subjekt" },
            { "duplicate property", "application/json", """{"subject":"Hi","subject":"Bye","text":"x","recipients":[{"email":"a@example.com"}]}""", 400, "subject" },
            { "bad template id", "application/json", """{"templateId":"d-../../x","recipients":[{"email":"a@example.com"}]}""", 400, "templateId" },
            { "body over the size limit", "application/json", $$"""{"subject":"Hi","text":"{{huge}}","recipients":[{"email":"a@example.com"}]}""", 413, "body" },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task StartBulkEmail_InvalidRequest_Is4xxProblemNamingTheField_AndNothingIsStartedOrStored(string because, string contentType, string body, int expectedStatus, string field)
    {
        await server.AssertRefusedAsync("/api/jobs/bulk-email", contentType, body, expectedStatus, field, because);
    }

    [Fact]
    public async Task StartBulkEmail_UploadedCsvWithoutEmailColumn_IsRefused_AndNoJobStarts()
    {
        var blob = await server.UploadAsync("name,phone\nAda,123\n");

        using var response = await server.PostJsonAsync("/api/jobs/bulk-email", new { subject = "Hi", text = "x", recipientsBlob = blob });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'email' column", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await server.CountInstancesAsync());
    }

    [Fact]
    public async Task Upload_UnsupportedContentType_Is415_AndNothingIsStored()
    {
        using var content = new StringContent("<html/>");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/html");

        using var response = await server.Http.PostAsync(new Uri("/api/uploads", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, server.CountBlobFiles());
    }
}
