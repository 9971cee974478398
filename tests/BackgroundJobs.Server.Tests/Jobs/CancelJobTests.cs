using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using StandardWebhooks;

namespace BackgroundJobs.Server.Tests.Jobs;

/// <summary><c>POST /api/jobs/{id}/cancel</c> on a running bulk e-mail: it stops sending, records who and why, and notifies once.</summary>
public sealed class CancelJobTests : IAsyncLifetime
{
    private readonly string secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private SendGridStandIn sendGrid = null!;
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        sendGrid = await SendGridStandIn.StartAsync();
        receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await sendGrid.DisposeAsync();
    }

    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task Cancel_RunningBulkEmail_NoFurtherBatchIsSent_TheJobIsCanceledWithWhoAndWhy_AndOneCanceledEventGoesOut(string engine)
    {
        sendGrid.Delay = TimeSpan.FromMilliseconds(200);
        await using var server = await StartAsync(engine);
        var id = await StartSlowJobAsync(server, batches: 50);
        await Eventually.HoldsAsync(() => sendGrid.AcceptedRequests >= 2, TimeSpan.FromSeconds(60));

        using var cancel = await server.Http.PostAsJsonAsync($"/api/jobs/{id}/cancel", new { reason = "wrong list", requestedBy = "ops@example.com" });
        var sentAtCancel = sendGrid.AcceptedRequests;

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var body = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("canceled", "wrong list", "ops@example.com"), (body.GetProperty("status").GetString(), body.GetProperty("reason").GetString(), body.GetProperty("requestedBy").GetString()));

        // At most the batches already handed to SendGrid finish; nothing new starts.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.InRange(sendGrid.AcceptedRequests, sentAtCancel, sentAtCancel + 2);
        Assert.True(sendGrid.AcceptedRequests < 50);
        var job = await server.Http.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
        Assert.Equal("canceled", job.GetProperty("status").GetString());
        Assert.Equal("wrong list", job.GetProperty("error").GetProperty("message").GetString());

        var received = await receiver.WaitForAsync(1, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var only = Assert.Single(receiver.Received);
        new StandardWebhook(secret).Verify(only.Body, only.ToHeaderDictionary());
        using var canceled = JsonDocument.Parse(only.Body);
        Assert.Equal("job.canceled", canceled.RootElement.GetProperty("type").GetString());
        Assert.Equal("canceled", canceled.RootElement.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("wrong list", canceled.RootElement.GetProperty("data").GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(received[0].Id, only.Id);
    }

    [Fact]
    public async Task Cancel_Twice_TheSecondIs409_AndNothingMoreIsSent()
    {
        sendGrid.Delay = TimeSpan.FromMilliseconds(200);
        await using var server = await StartAsync("InMemory");
        var id = await StartSlowJobAsync(server, batches: 20);
        await Eventually.HoldsAsync(() => sendGrid.AcceptedRequests >= 1, TimeSpan.FromSeconds(60));

        using var first = await server.Http.PostAsync(new Uri($"/api/jobs/{id}/cancel", UriKind.Relative), null);
        await Eventually.HoldsAsync(async () => await JobStatusAsync(server, id) == "canceled", TimeSpan.FromSeconds(30));
        using var second = await server.Http.PostAsync(new Uri($"/api/jobs/{id}/cancel", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Cancel_UnknownOrFinishedJobOrBadBody_IsRefused_AndTheJobIsLeftAlone()
    {
        await using var server = await StartAsync("InMemory");
        var id = await StartSlowJobAsync(server, batches: 1);
        await Eventually.HoldsAsync(async () => await JobStatusAsync(server, id) == "completed", TimeSpan.FromSeconds(30));

        using var unknown = await server.Http.PostAsync(new Uri("/api/jobs/no-such-job/cancel", UriKind.Relative), null);
        using var finished = await server.Http.PostAsync(new Uri($"/api/jobs/{id}/cancel", UriKind.Relative), null);
        using var badBody = await server.Http.PostAsJsonAsync($"/api/jobs/{id}/cancel", new { reason = "line\nbreak" });
        using var unknownField = await server.Http.PostAsJsonAsync($"/api/jobs/{id}/cancel", new { why = "x" });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, finished.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badBody.StatusCode);
        Assert.Contains("reason", await badBody.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Contains("why", await unknownField.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("completed", await JobStatusAsync(server, id));
    }

    private Task<ServerHost> StartAsync(string engine)
    {
        var settings = engine == "AzureStorage" ? ServerHost.OnAzurite() : [];
        ServerHost.WithSendGrid(sendGrid, settings);
        settings["Webhooks:SigningSecret"] = secret;
        settings["Webhooks:AllowHttp"] = "true";
        settings["Webhooks:AllowPrivateNetworks"] = "true";
        settings["Webhooks:RetryDelays:0"] = "00:00:00.2";
        return ServerHost.StartAsync(settings);
    }

    private async Task<string> StartSlowJobAsync(ServerHost server, int batches)
    {
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", new
        {
            subject = "Hi",
            text = "Hello",
            recipients = Enumerable.Range(0, batches).Select(i => new { email = $"user{i}@example.com" }),
            batchSize = 1,
            maxParallelBatches = 2,
            callback = new { url = receiver.Url },
        });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        return (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<string?> JobStatusAsync(ServerHost server, string id) =>
        (await server.Http.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}")).GetProperty("status").GetString();
}
