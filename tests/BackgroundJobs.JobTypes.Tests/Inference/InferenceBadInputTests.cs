using BackgroundJobs.JobTypes.Inference;
using BackgroundJobs.Server.Tests;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.JobTypes.Tests.Inference;

/// <summary>
/// Invalid inference starts are refused with a 4xx RFC 9457 problem document that names the field,
/// and nothing is started or stored.
/// </summary>
public class InferenceBadInputTests : IAsyncLifetime
{
    private readonly Dictionary<string, string> uploads = [];
    private ModelStandIn model = null!;
    private ServerHost server = null!;

    public async Task InitializeAsync()
    {
        model = await ModelStandIn.StartAsync();
        server = await ServerHost.StartAsync(InferenceJob.Settings(model));
        uploads["{chat}"] = await server.UploadAsync("{\"prompt\":\"hi\"}\n", "application/x-ndjson");
        uploads["{embed}"] = await server.UploadAsync("{\"input\":\"hi\"}\n", "application/x-ndjson");
        uploads["{blankFirst}"] = await server.UploadAsync("\n{\"prompt\":\"hi\"}\n", "application/x-ndjson");
        uploads["{notJson}"] = await server.UploadAsync("prompt: hi\n", "application/x-ndjson");
        uploads["{array}"] = await server.UploadAsync("[\"hi\"]\n", "application/x-ndjson");
        uploads["{badRole}"] = await server.UploadAsync("{\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}\n", "application/x-ndjson");
        uploads["{csv}"] = await server.UploadAsync("prompt\nhi\n", "text/csv");
        uploads["{json}"] = await server.UploadAsync("{\"prompt\":\"hi\"}", "application/json");
        // One byte over the limit: a sparse file straight in the server's blob folder (the upload route's own limit is larger).
        var oversized = "uploads/0123456789abcdef0123456789abcdef.jsonl";
        Directory.CreateDirectory(Path.Combine(server.BlobFolder, "uploads"));
        await using (var big = File.Create(Path.Combine(server.BlobFolder, oversized)))
        {
            big.SetLength(InferenceLimits.MaxFileBytes + 1);
        }

        uploads["{oversized}"] = oversized;
        var longLine = "{\"prompt\":\"" + new string('a', InferenceLimits.MaxLineBytes) + "\"}\n";
        uploads["{longFirstLine}"] = await server.UploadAsync(longLine, "application/x-ndjson");
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await model.DisposeAsync();
    }

    // Each placeholder is replaced by an upload of that kind, so each case breaks exactly one rule.
    public static TheoryData<string, string, string, int, string> Cases() => new()
    {
        { "malformed JSON", "application/json", "not json", 400, "body" },
        { "wrong content type", "text/plain", """{"blob":"{chat}","mode":"chat"}""", 415, "Content-Type" },
        { "missing blob", "application/json", """{"mode":"chat"}""", 400, "blob" },
        { "unknown blob", "application/json", """{"blob":"uploads/0123456789abcdef.jsonl","mode":"chat"}""", 400, "blob" },
        { "path traversal in blob", "application/json", """{"blob":"uploads/../../etc/passwd.jsonl","mode":"chat"}""", 400, "blob" },
        { "blob outside uploads", "application/json", """{"blob":"results/x/results.jsonl","mode":"chat"}""", 400, "blob" },
        { "a CSV upload", "application/json", """{"blob":"{csv}","mode":"chat"}""", 400, "blob" },
        { "a JSON (not JSON lines) upload", "application/json", """{"blob":"{json}","mode":"chat"}""", 400, "blob" },
        { "a file over the size limit", "application/json", """{"blob":"{oversized}","mode":"chat"}""", 400, "blob" },
        { "a first line over the line limit", "application/json", """{"blob":"{longFirstLine}","mode":"chat"}""", 400, "blob" },
        { "a blank first line", "application/json", """{"blob":"{blankFirst}","mode":"chat"}""", 400, "blob" },
        { "a first line that is no JSON", "application/json", """{"blob":"{notJson}","mode":"chat"}""", 400, "blob" },
        { "a first line that is an array", "application/json", """{"blob":"{array}","mode":"chat"}""", 400, "blob" },
        { "a first message with an unknown role", "application/json", """{"blob":"{badRole}","mode":"chat"}""", 400, "blob" },
        { "chat items for embeddings", "application/json", """{"blob":"{chat}","mode":"embeddings"}""", 400, "blob" },
        { "embeddings items for chat", "application/json", """{"blob":"{embed}","mode":"chat"}""", 400, "blob" },
        { "missing mode", "application/json", """{"blob":"{chat}"}""", 400, "mode" },
        { "unknown mode", "application/json", """{"blob":"{chat}","mode":"completions"}""", 400, "mode" },
        { "model with a space", "application/json", """{"blob":"{chat}","mode":"chat","model":"gpt 4"}""", 400, "model" },
        { "empty model", "application/json", """{"blob":"{chat}","mode":"chat","model":""}""", 400, "model" },
        { "model with a line break", "application/json", """{"blob":"{chat}","mode":"chat","model":"gpt\n4"}""", 400, "model" },
        { "maxConcurrency zero", "application/json", """{"blob":"{chat}","mode":"chat","maxConcurrency":0}""", 400, "maxConcurrency" },
        { "maxConcurrency too large", "application/json", """{"blob":"{chat}","mode":"chat","maxConcurrency":33}""", 400, "maxConcurrency" },
        { "unknown onUnknownOutcome", "application/json", """{"blob":"{chat}","mode":"chat","onUnknownOutcome":"retry"}""", 400, "onUnknownOutcome" },
        { "itemsPerChunk zero", "application/json", """{"blob":"{chat}","mode":"chat","itemsPerChunk":0}""", 400, "itemsPerChunk" },
        { "itemsPerChunk too large", "application/json", """{"blob":"{chat}","mode":"chat","itemsPerChunk":1001}""", 400, "itemsPerChunk" },
        { "maxTokens zero", "application/json", """{"blob":"{chat}","mode":"chat","maxTokens":0}""", 400, "maxTokens" },
        { "temperature above 2", "application/json", """{"blob":"{chat}","mode":"chat","temperature":2.5}""", 400, "temperature" },
        { "a template without {{prompt}}", "application/json", """{"blob":"{chat}","mode":"chat","promptTemplate":"Summarise this"}""", 400, "promptTemplate" },
        { "an empty system prompt", "application/json", """{"blob":"{chat}","mode":"chat","systemPrompt":""}""", 400, "systemPrompt" },
        { "a system prompt for embeddings", "application/json", """{"blob":"{embed}","mode":"embeddings","model":"test-embed","systemPrompt":"be brief"}""", 400, "systemPrompt" },
        { "maxTokens for embeddings", "application/json", """{"blob":"{embed}","mode":"embeddings","model":"test-embed","maxTokens":10}""", 400, "maxTokens" },
        { "callback on a server that cannot sign", "application/json", """{"blob":"{chat}","mode":"chat","callback":{"url":"https://example.com/hook"}}""", 400, "callback" },
        { "invalid notifyEmail", "application/json", """{"blob":"{chat}","mode":"chat","notifyEmail":"not an address"}""", 400, "notifyEmail" },
        { "an API key in the request", "application/json", """{"blob":"{chat}","mode":"chat","apiKey":"sk-123"}""", 400, "apiKey" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task StartInference_InvalidRequest_Is4xxProblemNamingTheField_AndNothingIsStartedOrStored(string because, string contentType, string body, int expectedStatus, string field)
    {
        foreach (var (placeholder, name) in uploads)
        {
            body = body.Replace(placeholder, name, StringComparison.Ordinal);
        }

        await server.AssertRefusedAsync("/api/jobs/inference", contentType, body, expectedStatus, field, because);
        Assert.Equal(0, model.Requests);
    }

    [Fact]
    public async Task StartInference_NoModelInTheRequestAndNoneConfigured_IsRefusedNamingModel()
    {
        await using var bare = await ServerHost.StartAsync(new Dictionary<string, string?> { ["Inference:BaseUrl"] = model.BaseUrl, ["Inference:ApiKey"] = ModelStandIn.ApiKey });
        var blob = await bare.UploadAsync("{\"prompt\":\"hi\"}\n", "application/x-ndjson");

        await bare.AssertRefusedAsync("/api/jobs/inference", "application/json", $$"""{"blob":"{{blob}}","mode":"chat"}""", 400, "model", "no model anywhere");
    }

    [Theory]
    [InlineData("{chat}", "chat", null)]
    [InlineData("{embed}", "embeddings", "test-embed")]
    public async Task StartInference_ValidChatOrEmbeddingsRequest_IsAccepted(string placeholder, string mode, string? modelName)
    {
        using var response = await server.PostJsonAsync("/api/jobs/inference", new { blob = uploads[placeholder], mode, model = modelName });

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
    }
}
