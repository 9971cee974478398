using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackgroundJobs.Server.Tests;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.JobTypes.Tests.BulkEmail;

/// <summary>The bulk e-mail orchestration on the real in-memory Durable Task engine, through the server's HTTP API.</summary>
public class BulkEmailInMemoryEngineTests
{
    private static object Job(IEnumerable<string> emails, int batchSize) => new
    {
        subject = "Hello {{name}}",
        text = "Hi {{name}}, your code is {{code}}.",
        recipients = emails.Select((e, i) => new { email = e, name = $"User {i}", data = new Dictionary<string, string> { ["code"] = $"C{i}" } }),
        batchSize,
    };

    [Fact]
    public async Task BulkEmail_ProviderRateLimitsAndFailsForAWhile_EveryRecipientIsSentExactlyOnce()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        var emails = Enumerable.Range(0, 1000).Select(i => $"user{i}@example.com").ToList();
        sendGrid.EnqueueFault(429, "rate limited", TimeSpan.FromSeconds(1));
        sendGrid.EnqueueFault(429, "rate limited", TimeSpan.FromSeconds(1));
        // 408 refuses a request as a whole, so it is retried at once; a 5xx would leave the outcome unknown.
        sendGrid.FailNextRequests(4, 408);

        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", Job(emails, batchSize: 100));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var status = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(90));

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(1000, sendGrid.AcceptedRecipients.Count);
        Assert.All(emails, e => Assert.Equal(1, sendGrid.CountOf(e)));
        Assert.Equal(10, sendGrid.AcceptedRequests);
        Assert.Equal(16, sendGrid.Requests);
        var output = status.GetProperty("output");
        Assert.Equal(1000, output.GetProperty("sent").GetInt32());
        Assert.Equal(0, output.GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task BulkEmail_RateLimitedWithALongRetryAfter_WaitsAtLeastThatLong_NotJustItsOwnBackoff()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        sendGrid.EnqueueFault(429, "rate limited", TimeSpan.FromSeconds(4));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", Job(["a@example.com"], batchSize: 1));
        var status = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(60));

        // The first backoff is 0.5-1 s; finishing after 4 s means the Retry-After was honoured.
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(4), $"finished after {clock.Elapsed}");
        Assert.Equal((2, 1), (sendGrid.Requests, sendGrid.AcceptedRecipients.Count));
    }

    [Fact]
    public async Task BulkEmail_RestartedUnderTheSameId_SendsAgain_InsteadOfReplayingTheFirstRunsMarkers()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", Job(["a@example.com", "b@example.com"], batchSize: 1));
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();
        await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(30));

        using var restart = await server.Http.PostAsync(new Uri(accepted.GetProperty("restartPostUri").GetString() + "?restartWithNewInstanceId=false"), null);
        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        Assert.Equal(start.Headers.Location, restart.Headers.Location);
        var rerun = await server.FollowStatusAsync(restart.Headers.Location!, TimeSpan.FromSeconds(30));

        Assert.Equal("Completed", rerun.GetProperty("runtimeStatus").GetString());
        Assert.Equal(2, rerun.GetProperty("output").GetProperty("sent").GetInt32());
        Assert.Equal(2, sendGrid.CountOf("a@example.com"));
        Assert.Equal(2, sendGrid.CountOf("b@example.com"));
    }

    [Fact]
    public async Task BulkEmail_ProviderRejectsOneBatch_TheOthersAreSent_AndTheRejectedRecipientsAreListed()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        sendGrid.EnqueueFault(400, "The from address does not match a verified Sender Identity.");
        var emails = Enumerable.Range(0, 30).Select(i => $"u{i}@example.com").ToList();

        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", Job(emails, batchSize: 10) );
        var status = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(30));

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var output = status.GetProperty("output");
        Assert.Equal((20, 10), (output.GetProperty("sent").GetInt32(), output.GetProperty("failed").GetInt32()));
        var failed = Assert.Single(output.GetProperty("failedBatches").EnumerateArray());
        Assert.Equal(400, failed.GetProperty("statusCode").GetInt32());
        Assert.Contains("verified Sender Identity", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await using var notSent = await server.Blobs.OpenReadAsync(output.GetProperty("notSentBlob").GetString()!);
        var lines = (await new StreamReader(notSent!).ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length);
        Assert.Equal(20, sendGrid.AcceptedRecipients.Distinct().Count());
    }

    [Fact]
    public async Task BulkEmail_NoBatchIsAccepted_FailsTheJob_KeepingItsInputAndError()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        sendGrid.FailNextRequests(2, 401);

        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", Job(["a@example.com", "b@example.com"], batchSize: 1));
        var status = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(30));
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var job = await server.Http.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");

        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("a@example.com", status.GetProperty("input").GetProperty("recipients")[0].GetProperty("email").GetString());
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains("No recipient was sent", job.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BulkEmail_WithoutASendGridKey_WritesOneEmlPerRecipientToTheOutbox()
    {
        await using var server = await ServerHost.StartAsync();

        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", Job(["a@example.com", "b@example.com", "A@example.com"], batchSize: 500));
        var status = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(30));

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var files = Directory.GetFiles(server.OutboxFolder, "*.eml", SearchOption.AllDirectories);
        Assert.Equal(2, files.Length);
        var text = string.Join("\n", files.Select(File.ReadAllText));
        Assert.Contains("Hello User 0", text, StringComparison.Ordinal);
        Assert.Equal(1, status.GetProperty("output").GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task GetJob_WhileAndAfterRunning_ShowsTypeStatusProgressAndResult()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.Delay = TimeSpan.FromMilliseconds(300);
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));

        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", Job(Enumerable.Range(0, 20).Select(i => $"p{i}@example.com"), batchSize: 1));
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();
        var jobUri = new Uri(accepted.GetProperty("jobUri").GetString()!);
        JsonElement running;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            running = await server.Http.GetFromJsonAsync<JsonElement>(jobUri);
        }
        while (running.GetProperty("status").GetString() == "pending" && DateTime.UtcNow < deadline);

        await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(60));
        var done = await server.Http.GetFromJsonAsync<JsonElement>(jobUri);

        Assert.Equal("bulk-email", running.GetProperty("type").GetString());
        Assert.Equal("running", running.GetProperty("status").GetString());
        Assert.True(running.TryGetProperty("progress", out var progress));
        Assert.Contains(progress.GetProperty("stage").GetString(), new[] { "preparing", "sending" });
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(20, done.GetProperty("result").GetProperty("sent").GetInt32());
        Assert.Equal(20, done.GetProperty("progress").GetProperty("total").GetInt32());
    }
}
