using System.Globalization;
using System.Net;
using System.Text.Json;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.JobTypes.HttpCall;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.JobTypes.Tests.HttpCall;

/// <summary>
/// http-call jobs through the real server on both engines, calling a stand-in of the client's API on
/// Kestrel: retries that honour <c>Retry-After</c>, the stored answer read back through the result
/// download, the SSRF guard at submission and at connect, and requests refused at the door.
/// </summary>
public sealed class HttpCallEndToEndTests : IAsyncLifetime
{
    private const string Secret = "Bearer sk-live-not-to-be-shown-9f2c";

    private const string FinalBody = """{"order":"A-17","state":"accepted"}""";

    private WebhookReceiver api = null!;

    public async Task InitializeAsync()
    {
        // The client's API: scripted answers, then 200 with the order.
        api = await WebhookReceiver.StartAsync("/api/orders");
        api.DefaultBody = FinalBody;
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task Call_ApiAnswers429Then503WithRetryAfter_IsRetriedAfterEachWait_AndTheStoredAnswerDownloads(string engine)
    {
        api.Script(new WebhookReceiver.Answer(429, RetryAfterSeconds: 3), new WebhookReceiver.Answer(503, RetryAfterSeconds: 3));
        await using var server = await HttpCallServer.StartAsync(engine);

        using var start = await server.StartJobAsync(new
        {
            url = api.Url + "?source=jobs",
            method = "PUT",
            headers = new Dictionary<string, string> { ["X-Tenant"] = "acme", ["Content-Type"] = "application/vnd.acme+json" },
            secretHeaders = new Dictionary<string, string> { ["Authorization"] = Secret },
            body = """{"order":"A-17"}""",
        });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var jobId = JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var job = await server.WaitForEndAsync(jobId, TimeSpan.FromSeconds(90));

        Assert.Equal("completed", job.GetProperty("status").GetString());
        var calls = api.Received;
        Assert.Equal(3, calls.Count);
        Assert.All(calls, call =>
        {
            Assert.Equal(("PUT", "?source=jobs", """{"order":"A-17"}"""), (call.Method, call.Query, call.Body));
            Assert.Equal(("acme", Secret), (call.Headers["X-Tenant"], call.Headers["Authorization"]));
            Assert.StartsWith("application/vnd.acme+json", call.Headers["Content-Type"], StringComparison.Ordinal);
        });
        // Without Retry-After the backoff would wait 0.5-1 s, then 1-2 s. An Azure Storage timer can fire up
        // to 1 s early; DurableWait waits out the rest, so the floor holds on both engines.
        var least = TimeSpan.FromSeconds(2.95);
        Assert.True(calls[1].At - calls[0].At >= least, $"Retry-After: 3 after the 429 was not honoured: {Times(calls)}");
        Assert.True(calls[2].At - calls[1].At >= least, $"Retry-After: 3 after the 503 was not honoured: {Times(calls)}");

        var result = job.GetProperty("result");
        Assert.Equal(200, result.GetProperty("status").GetInt32());
        var file = Assert.Single(job.GetProperty("files").EnumerateArray());
        using var download = await server.Http.GetAsync(new Uri(file.GetProperty("url").GetString()!));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        using var answer = JsonDocument.Parse(await download.Content.ReadAsStringAsync());
        Assert.Equal(200, answer.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(FinalBody, answer.RootElement.GetProperty("body").GetString());
        Assert.False(answer.RootElement.GetProperty("bodyTruncated").GetBoolean());
        Assert.Equal("3", answer.RootElement.GetProperty("headers").GetProperty("X-Request-Count")[0].GetString());
    }

    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task Call_ApiAnswers404_FailsAtOnce_WithTheStatusAndBody_AndTheJobViewNeverShowsTheSecretHeader(string engine)
    {
        api.Script(new WebhookReceiver.Answer(404, Body: """{"error":"no such order"}"""));
        await using var server = await HttpCallServer.StartAsync(engine);

        using var start = await server.StartJobAsync(new
        {
            url = api.Url,
            headers = new Dictionary<string, string> { ["X-Tenant"] = "acme" },
            secretHeaders = new Dictionary<string, string> { ["Authorization"] = Secret },
            body = "{}",
        });
        var jobId = JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var job = await server.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60));

        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Single(api.Received);
        Assert.Equal(Secret, api.Received[0].Headers["Authorization"]);
        var message = job.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("HTTP 404", message, StringComparison.Ordinal);
        Assert.Contains("no such order", message, StringComparison.Ordinal);
        var input = job.GetProperty("input");
        Assert.Equal("acme", input.GetProperty("headers").GetProperty("X-Tenant").GetString());
        Assert.Equal("[redacted]", input.GetProperty("secretHeaders").GetString());
        Assert.DoesNotContain("sk-live", job.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task Start_UrlResolvingToAPrivateOrMetadataAddress_Is400NamingUrl_AndNothingStarts(string engine)
    {
        await using var server = await HttpCallServer.StartAsync(engine, allowPrivateNetworks: false);

        foreach (var url in new[] { api.Url, "https://169.254.169.254/latest/meta-data/", "https://10.0.0.5/internal", "https://localhost/admin" })
        {
            await AssertRefusedAsync(server, new { url }, "url", $"{url} must be refused");
        }

        Assert.Empty(api.Received);
    }

    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task Call_HostThatResolvesToLoopbackWhenConnecting_IsRefusedAtConnect_AndTheJobFailsWithoutRetrying(string engine)
    {
        // The name resolved to a public address when the job was submitted; by the time the call
        // connects, DNS answers with a loopback address (rebinding). Only the connect step can see that.
        await using var server = await HttpCallServer.StartAsync(engine, allowPrivateNetworks: false, submissionGuard: new PublicAtSubmission());

        using var start = await server.StartJobAsync(new { url = api.Url, maxAttempts = 5 });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var jobId = JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var job = await server.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60));

        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains("loopback", job.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await server.AttemptsAsync(jobId));
        Assert.Empty(api.Received);
    }

    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task Start_BodyOverTheLimit_Is400NamingBody_AndNothingStarts(string engine)
    {
        await using var server = await HttpCallServer.StartAsync(engine);

        await AssertRefusedAsync(server, new { url = api.Url, body = new string('x', HttpCallLimits.MaxBodyBytes + 1) }, "body", "a body of 256 KiB + 1 byte");
        await AssertRefusedAsync(server, new { url = api.Url, body = "{}", headers = new Dictionary<string, string> { ["Host"] = "internal" } }, "headers.Host", "Host is the client's");
        await AssertRefusedAsync(server, new { url = api.Url, headers = new Dictionary<string, string> { ["Authorization"] = Secret } }, "headers.Authorization", "a credential belongs in secretHeaders");
        await AssertRefusedAsync(server, new { url = api.Url, expectedStatus = new { min = 300, max = 200 } }, "expectedStatus.max", "an empty range");

        Assert.Empty(api.Received);
    }

    [Fact]
    public async Task Call_ApiSlowerThanTheTimeout_IsRetried_ThenFailsSayingSo()
    {
        api.Script(new WebhookReceiver.Answer(200, Delay: TimeSpan.FromSeconds(3)), new WebhookReceiver.Answer(200, Delay: TimeSpan.FromSeconds(3)));
        await using var server = await HttpCallServer.StartAsync("InMemory");

        using var start = await server.StartJobAsync(new { url = api.Url, timeoutSeconds = 1, maxAttempts = 2 });
        var jobId = JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var job = await server.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60));

        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains("within 1 s", job.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await server.AttemptsAsync(jobId));
        Assert.Equal(2, api.Received.Count);
    }

    private static async Task AssertRefusedAsync(HttpCallServer server, object body, string field, string because)
    {
        var before = await server.CountInstancesAsync();

        using var response = await server.StartJobAsync(body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{because}: expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{because}: no error for '{field}' in {text}");
        Assert.DoesNotContain("sk-live", text, StringComparison.Ordinal);
        Assert.Equal(before, await server.CountInstancesAsync());
    }

    private static string Times(IEnumerable<ReceivedWebhook> calls) =>
        string.Join(", ", calls.Select(c => c.At.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)));

    /// <summary>The submission-time check as it went when DNS still gave a public address.</summary>
    private sealed class PublicAtSubmission : ICallbackUrlGuard
    {
        public Task<string?> CheckAsync(string url, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);
    }
}
