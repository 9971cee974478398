using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using BackgroundJobs.TestHelpers;
using StandardWebhooks;

namespace BackgroundJobs.Server.Tests.Notifications;

/// <summary>
/// Jobs that end with a signed webhook to a real local receiver, on the real engine, through the
/// server's HTTP API: retries with one <c>webhook-id</c>, the delivery log, redelivery, and a job
/// outcome that never waits for its webhook.
/// </summary>
public sealed class WebhookEndToEndTests : IAsyncLifetime
{
    private readonly string secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task JobCompletes_ReceiverFailsTwiceThenAccepts_EveryAttemptIsSignedWithOneId_AndTheLogShowsThemAll(string engine)
    {
        receiver.Script(new WebhookReceiver.Answer(500), new WebhookReceiver.Answer(503, RetryAfterSeconds: 2));
        await using var server = await StartAsync(engine, retryDelays: ["00:00:00.2", "00:00:00.2", "00:00:00.2"]);

        var jobId = await StartJobAsync(server, new { url = receiver.Url });
        var received = await receiver.WaitForAsync(3, TimeSpan.FromSeconds(60));

        Assert.Single(received.Select(r => r.Id).Distinct());
        Assert.All(received, r => new StandardWebhook(secret).Verify(r.Body, r.ToHeaderDictionary()));
        Assert.True(received[2].At - received[1].At >= TimeSpan.FromSeconds(1.9), $"the receiver's Retry-After: 2 was not honoured: attempts at {string.Join(", ", received.Select(r => r.At.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)))}");
        using var body = JsonDocument.Parse(received[2].Body);
        var root = body.RootElement;
        Assert.Equal((1, "job.completed", received[0].Id), (root.GetProperty("version").GetInt32(), root.GetProperty("type").GetString(), root.GetProperty("id").GetString()));
        var data = root.GetProperty("data");
        Assert.Equal((jobId, "bulk-email", "completed"), (data.GetProperty("jobId").GetString(), data.GetProperty("jobType").GetString(), data.GetProperty("status").GetString()));
        Assert.Equal(2, data.GetProperty("result").GetProperty("sent").GetInt32());
        Assert.Equal(new Uri(server.BaseAddress, $"/api/jobs/{jobId}").ToString(), data.GetProperty("links").GetProperty("job").GetString());

        var delivery = await WaitForDeliveryAsync(server, jobId, "delivered");
        Assert.Equal(received[0].Id, delivery.GetProperty("id").GetString());
        Assert.Equal(receiver.Url, delivery.GetProperty("url").GetString());
        Assert.Equal([500, 503, 200], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.All(delivery.GetProperty("attempts").EnumerateArray(), a => Assert.True(a.GetProperty("latencyMs").GetInt64() >= 0));
    }

    [Fact]
    public async Task JobCompletes_WhileItsWebhookIsStillRetrying_TheJobIsDoneAtOnce()
    {
        receiver.Script(new WebhookReceiver.Answer(500));
        await using var server = await StartAsync("InMemory", retryDelays: ["00:00:05"]);

        var jobId = await StartJobAsync(server, new { url = receiver.Url });
        var job = await WaitForJobAsync(server, jobId, "completed");
        var pending = await WaitForDeliveryAsync(server, jobId, "pending");

        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Single(pending.GetProperty("attempts").EnumerateArray());
        Assert.True(pending.TryGetProperty("nextAttemptAt", out _));
        await WaitForDeliveryAsync(server, jobId, "delivered");
    }

    [Fact]
    public async Task ReceiverDownForTheWholeSchedule_JobIsStillCompleted_AndTheDeliveryIsMarkedFailed()
    {
        receiver.DefaultStatus = 503;
        await using var server = await StartAsync("InMemory", retryDelays: ["00:00:00.1", "00:00:00.1"]);

        var jobId = await StartJobAsync(server, new { url = receiver.Url });
        var delivery = await WaitForDeliveryAsync(server, jobId, "failed");

        Assert.Equal(3, delivery.GetProperty("attempts").GetArrayLength());
        Assert.Equal("completed", (await WaitForJobAsync(server, jobId, "completed")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task JobFails_TheFailedEventCarriesTheError()
    {
        await using var server = await StartAsync("InMemory", retryDelays: ["00:00:00.1"]);
        var csv = await server.UploadAsync("email\nnot-an-address\n");

        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", new { subject = "Hi", text = "Hello", recipientsBlob = csv, callback = new { url = receiver.Url } });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var received = await receiver.WaitForAsync(1, TimeSpan.FromSeconds(30));

        using var body = JsonDocument.Parse(received[0].Body);
        var data = body.RootElement.GetProperty("data");
        Assert.Equal("job.failed", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("failed", data.GetProperty("status").GetString());
        Assert.Contains("No recipient was sent", data.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallbackAskingOnlyForFailures_GetsNothingForACompletedJob()
    {
        await using var server = await StartAsync("InMemory", retryDelays: ["00:00:00.1"]);

        var jobId = await StartJobAsync(server, new { url = receiver.Url, events = new[] { "job.failed" } });
        await WaitForJobAsync(server, jobId, "completed");
        await Task.Delay(1000);

        Assert.Empty(receiver.Received);
        using var log = await server.Http.GetAsync(new Uri($"/api/jobs/{jobId}/deliveries", UriKind.Relative));
        Assert.Equal(0, JsonDocument.Parse(await log.Content.ReadAsStringAsync()).RootElement.GetProperty("deliveries").GetArrayLength());
    }

    [Fact]
    public async Task Redeliver_AFinishedDelivery_SendsTheSameEventAgain_AndLogsTheAttempt()
    {
        await using var server = await StartAsync("InMemory", retryDelays: ["00:00:00.1"]);
        var jobId = await StartJobAsync(server, new { url = receiver.Url });
        var delivered = await WaitForDeliveryAsync(server, jobId, "delivered");
        var deliveryId = delivered.GetProperty("id").GetString()!;

        using var redeliver = await server.Http.PostAsync(new Uri(delivered.GetProperty("redeliverPostUri").GetString()!), null);
        var received = await receiver.WaitForAsync(2, TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        Assert.Equal([deliveryId, deliveryId], received.Select(r => r.Id));
        Assert.Equal(received[0].Body, received[1].Body);
        new StandardWebhook(secret).Verify(received[1].Body, received[1].ToHeaderDictionary());
        var again = await WaitForDeliveryAsync(server, jobId, "delivered", attempts: 2);
        Assert.Equal(2, again.GetProperty("attempts").GetArrayLength());
    }

    [Fact]
    public async Task Redeliver_UnknownDeliveryOrJob_Is404()
    {
        await using var server = await StartAsync("InMemory", retryDelays: ["00:00:00.1"]);
        var jobId = await StartJobAsync(server, new { url = receiver.Url });
        await WaitForDeliveryAsync(server, jobId, "delivered");

        using var unknownDelivery = await server.Http.PostAsync(new Uri($"/api/jobs/{jobId}/deliveries/evt_nope/redeliver", UriKind.Relative), null);
        using var unknownJob = await server.Http.GetAsync(new Uri("/api/jobs/no-such-job/deliveries", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, unknownDelivery.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownJob.StatusCode);
    }

    [Fact]
    public async Task NotifyEmail_GetsAShortCompletionMessageThroughTheOutbox()
    {
        await using var server = await StartAsync("InMemory", retryDelays: ["00:00:00.1"]);

        var jobId = await StartJobAsync(server, callback: null, notifyEmail: "ops@example.com");
        await WaitForJobAsync(server, jobId, "completed");
        var message = await WaitForOutboxMessageAsync(server, "ops@example.com");

        Assert.Contains($"Subject: Job {jobId} (bulk-email) completed", message, StringComparison.Ordinal);
        Assert.Contains($"/api/jobs/{jobId}", message, StringComparison.Ordinal);
    }

    private Task<ServerHost> StartAsync(string engine, string[] retryDelays)
    {
        var settings = engine == "AzureStorage" ? ServerHost.OnAzurite() : [];
        settings["Webhooks:SigningSecret"] = secret;
        settings["Webhooks:AllowHttp"] = "true";
        settings["Webhooks:AllowPrivateNetworks"] = "true";
        for (var i = 0; i < retryDelays.Length; i++)
        {
            settings[$"Webhooks:RetryDelays:{i}"] = retryDelays[i];
        }

        return ServerHost.StartAsync(settings);
    }

    private static async Task<string> StartJobAsync(ServerHost server, object? callback, string? notifyEmail = null)
    {
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", new
        {
            subject = "Hi",
            text = "Hello",
            recipients = new[] { new { email = "a@example.com" }, new { email = "b@example.com" } },
            callback,
            notifyEmail,
        });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        return JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private static Task<JsonElement> WaitForJobAsync(ServerHost server, string jobId, string status) =>
        WaitForAsync(server, $"/api/jobs/{jobId}", json => json.GetProperty("status").GetString() == status ? json : null);

    private static Task<JsonElement> WaitForDeliveryAsync(ServerHost server, string jobId, string status, int attempts = 1) =>
        WaitForAsync(server, $"/api/jobs/{jobId}/deliveries", json =>
            json.GetProperty("deliveries").EnumerateArray()
                .Where(d => d.GetProperty("status").GetString() == status && d.GetProperty("attempts").GetArrayLength() >= attempts)
                .Select(d => (JsonElement?)d)
                .FirstOrDefault());

    private static async Task<JsonElement> WaitForAsync(ServerHost server, string path, Func<JsonElement, JsonElement?> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await server.Http.GetAsync(new Uri(path, UriKind.Relative));
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && match(JsonDocument.Parse(last).RootElement) is { } found)
            {
                return found.Clone();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{path} never matched; last answer: {last}");
    }

    private static async Task<string> WaitForOutboxMessageAsync(ServerHost server, string to)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(server.OutboxFolder))
            {
                foreach (var file in Directory.GetFiles(server.OutboxFolder, "*.eml", SearchOption.AllDirectories))
                {
                    var text = await File.ReadAllTextAsync(file);
                    if (text.Contains($"To: {to}", StringComparison.Ordinal))
                    {
                        return text;
                    }
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No message to {to} in the outbox.");
    }
}
