using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackgroundJobs.Samples.WordCount;
using BackgroundJobs.Server.Tests.Jobs;
using BackgroundJobs.Server.Tests.Notifications;
using BackgroundJobs.TestHelpers;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace BackgroundJobs.Server.Tests.Samples;

/// <summary>
/// The sample job type (samples/BackgroundJobs.Samples.WordCount, a separate assembly) added to a
/// real server by its one registration line: every claim docs/adding-a-job-type.md makes about what
/// a registered type gets, asserted over real HTTP on the in-memory engine.
/// </summary>
public sealed class WordCountSampleTests
{
    [Fact]
    public async Task Start_IsIdempotent_Answers202WithTheJobsLinks_AndTheJobCountsEveryChunk()
    {
        await using var server = await WordCountHost.StartAsync();
        var blob = await server.UploadAsync(WordCountHost.Text(lines: 25, wordsPerLine: 4) + "last line without break", "text/plain");

        var accepted = await WordCountHost.StartAsync(server, new { blob, linesPerChunk = 10 }, idempotencyKey: "count-1");
        var again = await WordCountHost.StartAsync(server, new { blob, linesPerChunk = 10 }, idempotencyKey: "count-1");

        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal(id, again.GetProperty("id").GetString());
        Assert.Equal(WordCountJob.Name, accepted.GetProperty("type").GetString());
        Assert.Equal(new Uri(server.BaseAddress, $"/api/jobs/{id}"), new Uri(accepted.GetProperty("jobUri").GetString()!));
        Assert.Contains(id, accepted.GetProperty("statusQueryGetUri").GetString()!, StringComparison.Ordinal);
        Assert.Contains(id, accepted.GetProperty("terminatePostUri").GetString()!, StringComparison.Ordinal);
        using (var conflict = await server.PostJsonAsync($"/api/jobs/{WordCountJob.Name}", new { blob, linesPerChunk = 5 }, idempotencyKey: "count-1"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.StatusCode);
        }

        await OperatedJobs.WaitForEndAsync(server, [id]);
        var job = await WordCountHost.JobAsync(server, id);
        Assert.Equal(("completed", WordCountJob.Name), (job.GetProperty("status").GetString(), job.GetProperty("type").GetString()));
        var result = job.GetProperty("result");
        Assert.Equal((26L, 104L, 3), (result.GetProperty("lines").GetInt64(), result.GetProperty("words").GetInt64(), result.GetProperty("chunks").GetInt32()));
        Assert.Equal(1, await server.CountInstancesAsync(jobsOnly: true));
    }

    [Fact]
    public async Task BadRequests_Are400NamingTheField_AndStartNothing()
    {
        await using var server = await WordCountHost.StartAsync(allowLocalCallbacks: false);
        var blob = await server.UploadAsync("one two\n", "text/plain");
        const string Path = "/api/jobs/" + WordCountJob.Name;

        await server.AssertRefusedAsync(Path, "application/json", "{}", 400, "blob", "no blob");
        await server.AssertRefusedAsync(Path, "application/json", """{"blob":"uploads/nothing-here.txt"}""", 400, "blob", "no such upload");
        await server.AssertRefusedAsync(Path, "application/json", $$"""{"blob":"{{blob}}","linesPerChunk":0}""", 400, "linesPerChunk", "chunk of no lines");
        await server.AssertRefusedAsync(Path, "application/json", $$"""{"blob":"{{blob}}","words":1}""", 400, "words", "unknown field");
        await server.AssertRefusedAsync(Path, "application/json", $$$"""{"blob":"{{{blob}}}","callback":{"url":"https://169.254.169.254/hook"}}""", 400, "callback.url", "callback to the metadata address");
    }

    [Fact]
    public async Task JobTypes_ListsTheSample_WithItsRequestSchemaAndLimits_AvailableWithNoSettings()
    {
        await using var server = await WordCountHost.StartAsync();

        var type = Assert.Single((await OperatedJobs.GetAsync(server, "/api/job-types")).EnumerateArray(), t => t.GetProperty("name").GetString() == WordCountJob.Name);

        var properties = type.GetProperty("requestSchema").GetProperty("properties");
        Assert.All(["blob", "linesPerChunk", "callback", "notifyEmail"], name => Assert.True(properties.TryGetProperty(name, out _), name));
        Assert.Equal(WordCountLimits.MaxFileBytes, type.GetProperty("limits").GetProperty("maxFileBytes").GetInt64());
        Assert.Equal(WordCountLimits.MaxLinesPerChunk, type.GetProperty("limits").GetProperty("maxLinesPerChunk").GetInt32());
        Assert.True(type.GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task ListAndFilterByType_Monitor_AndFailedJob_RetryThenPurge()
    {
        await using var server = await WordCountHost.StartAsync();
        var good = await server.UploadAsync(WordCountHost.Text(3, 2), "text/plain");
        var notUtf8 = await server.UploadAsync([0x6f, 0x6b, 0x0a, 0xff, 0xfe, 0x0a], "text/plain");
        var other = await OperatedJobs.StartCompletingAsync(server);
        var completed = (await WordCountHost.StartAsync(server, new { blob = good })).GetProperty("id").GetString()!;
        var failed = (await WordCountHost.StartAsync(server, new { blob = notUtf8 })).GetProperty("id").GetString()!;
        await OperatedJobs.WaitForEndAsync(server, [other, completed, failed]);

        // List, and the filter by type, which knows the sample's name.
        var listed = (await OperatedJobs.GetAsync(server, $"/api/jobs?type={WordCountJob.Name}")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetString()!).Order().ToList();
        Assert.Equal(new[] { completed, failed }.Order(), listed);
        var failedOnly = (await OperatedJobs.GetAsync(server, $"/api/jobs?type={WordCountJob.Name}&status=failed")).GetProperty("items").EnumerateArray();
        Assert.Equal([failed], failedOnly.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(3, (await OperatedJobs.GetAsync(server, "/api/jobs")).GetProperty("items").GetArrayLength());

        // The failed job's view says why; the text is the file's fault, so it was not retried by the engine.
        var failedJob = await WordCountHost.JobAsync(server, failed);
        Assert.Equal("failed", failedJob.GetProperty("status").GetString());
        Assert.Contains("not UTF-8", failedJob.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(notUtf8, failedJob.GetProperty("input").GetProperty("blob").GetString());

        // The monitor counts the sample's jobs under its name.
        var monitor = await OperatedJobs.GetAsync(server, "/api/monitor");
        Assert.Equal(2, monitor.GetProperty("jobsByType").GetProperty(WordCountJob.Name).GetInt32());
        Assert.Equal(1, monitor.GetProperty("jobsByType").GetProperty("bulk-email").GetInt32());
        Assert.Equal(1, monitor.GetProperty("jobsByStatus").GetProperty("failed").GetInt32());

        // Retry runs the same input as a new job of the same type; a second retry gives the same new job.
        using var retry = await WordCountHost.PostAsync(server, $"/api/jobs/{failed}/retry");
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var newId = (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("newId").GetString()!;
        using var retryAgain = await WordCountHost.PostAsync(server, $"/api/jobs/{failed}/retry");
        Assert.Equal(newId, (await retryAgain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("newId").GetString());
        await OperatedJobs.WaitForEndAsync(server, [newId]);
        var retried = await WordCountHost.JobAsync(server, newId);
        Assert.Equal((WordCountJob.Name, failed, notUtf8), (retried.GetProperty("type").GetString(), retried.GetProperty("retryOf").GetString(), retried.GetProperty("input").GetProperty("blob").GetString()));

        // Purge removes the job; it is gone from its view and from the list.
        using var purge = await server.Http.DeleteAsync(new Uri($"/api/jobs/{completed}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, purge.StatusCode);
        using var gone = await server.Http.GetAsync(new Uri($"/api/jobs/{completed}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var left = (await OperatedJobs.GetAsync(server, $"/api/jobs?type={WordCountJob.Name}")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetString()!).Order().ToList();
        Assert.Equal(new[] { failed, newId }.Order(), left);
    }

    [Fact]
    public async Task Cancel_OfARunningCount_StopsIt_AndTheJobShowsCanceled()
    {
        await using var server = await WordCountHost.StartAsync();

        // One line a chunk, four chunks a wave: a thousand waves, far longer than the cancel takes.
        var blob = await server.UploadAsync(WordCountHost.Text(lines: 4000, wordsPerLine: 1), "text/plain");
        var id = (await WordCountHost.StartAsync(server, new { blob, linesPerChunk = 1 })).GetProperty("id").GetString()!;
        await Eventually.HoldsAsync(
            async () => (await WordCountHost.JobAsync(server, id)).TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object && progress.GetProperty("done").GetInt32() >= 4,
            TimeSpan.FromSeconds(60));

        using var cancel = await WordCountHost.PostAsync(server, $"/api/jobs/{id}/cancel", new { reason = "wrong file", requestedBy = "ops@example.com" });

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var job = await WordCountHost.JobAsync(server, id);
        Assert.Equal("canceled", job.GetProperty("status").GetString());
        Assert.Equal("wrong file", job.GetProperty("error").GetProperty("message").GetString());
        Assert.True(job.GetProperty("progress").GetProperty("done").GetInt32() < 4000);
    }

    [Fact]
    public async Task EventStream_AndSignedWebhook_CarryTheCompletedEventWithTheResult()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = WordCountHost.NewSecret();
        await using var server = await WordCountHost.StartAsync(secret);
        var blob = await server.UploadAsync(WordCountHost.Text(lines: 12, wordsPerLine: 3), "text/plain");

        var id = (await WordCountHost.StartAsync(server, new { blob, linesPerChunk = 2, callback = new { url = receiver.Url } })).GetProperty("id").GetString()!;
        var streamed = await JobEventStreamReader.ReadAsync(server, id, TimeSpan.FromSeconds(60));

        var ending = streamed[^1];
        Assert.Equal("job.completed", ending.Type);
        var data = ending.Data.GetProperty("data");
        Assert.Equal((id, WordCountJob.Name), (data.GetProperty("jobId").GetString(), data.GetProperty("jobType").GetString()));
        Assert.Equal(36, data.GetProperty("result").GetProperty("words").GetInt64());

        // The webhook: verified as a client verifies it, with the Standard Webhooks library and the shared secret.
        var hook = Assert.Single(await receiver.WaitForAsync(1, TimeSpan.FromSeconds(30)));
        new StandardWebhook(secret).Verify(hook.Body, hook.ToHeaderDictionary());
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(WordCountHost.NewSecret()).Verify(hook.Body, hook.ToHeaderDictionary()));
        Assert.Equal(ending.Id, hook.Id);
        using var body = JsonDocument.Parse(hook.Body);
        Assert.Equal("job.completed", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(36, body.RootElement.GetProperty("data").GetProperty("result").GetProperty("words").GetInt64());
    }
}
