using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using BackgroundJobs.Api.Notifications;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Tests.Notifications;

/// <summary><c>GET /api/jobs/{id}/events</c> read over real HTTP as a browser's EventSource would, until the job ends.</summary>
public sealed class JobEventStreamTests : IAsyncLifetime
{
    private SendGridStandIn sendGrid = null!;
    private WebhookReceiver receiver = null!;
    private ServerHost server = null!;

    public async Task InitializeAsync()
    {
        sendGrid = await SendGridStandIn.StartAsync();
        receiver = await WebhookReceiver.StartAsync();
        var settings = ServerHost.WithSendGrid(sendGrid);
        settings["Webhooks:SigningSecret"] = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["Webhooks:AllowHttp"] = "true";
        settings["Webhooks:AllowPrivateNetworks"] = "true";
        server = await ServerHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await receiver.DisposeAsync();
        await sendGrid.DisposeAsync();
    }

    [Fact]
    public async Task Events_FollowAJobToItsEnd_ProgressThenTheSameCompletedEventAsTheWebhook_ThenTheStreamCloses()
    {
        sendGrid.Delay = TimeSpan.FromMilliseconds(250);
        var id = await StartJobAsync(batches: 16, events: ["job.progress", "job.completed"]);

        var events = await ReadStreamAsync(id, TimeSpan.FromSeconds(60));

        var progress = events.Where(e => e.Type == "job.progress").ToList();
        Assert.True(progress.Count >= 2, $"expected several progress events, got {progress.Count}");
        var done = progress.Select(e => e.Data.GetProperty("data").GetProperty("progress").GetProperty("done").GetInt32()).ToList();
        Assert.Equal(done.Order(), done);
        Assert.All(progress, e => Assert.Equal(e.Id, JobEventIds.ForProgress(id, ProgressOf(e.Data))));

        var completed = events[^1];
        Assert.Equal("job.completed", completed.Type);
        Assert.Equal(16, completed.Data.GetProperty("data").GetProperty("result").GetProperty("sent").GetInt32());

        // The webhook carried the same events under the same ids: the ending, and progress reports
        // (throttled) whose ids follow from what they report, as the stream's do.
        var hooks = await receiver.WaitForAsync(2, TimeSpan.FromSeconds(30));
        Assert.Contains(hooks, h => h.Id == completed.Id);
        var progressHooks = hooks.Where(h => JsonDocument.Parse(h.Body).RootElement.GetProperty("type").GetString() == "job.progress").ToList();
        Assert.NotEmpty(progressHooks);
        Assert.All(progressHooks, h => Assert.Equal(h.Id, JobEventIds.ForProgress(id, ProgressOf(JsonDocument.Parse(h.Body).RootElement))));
    }

    [Fact]
    public async Task Events_ForAFinishedJob_GiveItsLastProgressAndItsEnding_AtOnce()
    {
        var id = await StartJobAsync(batches: 1, events: null);
        await Eventually.HoldsAsync(async () =>
        {
            await foreach (var _ in server.Blobs.ListAsync(BlobNames.JobEventsPrefix(id)))
            {
                return true;
            }

            return false;
        }, TimeSpan.FromSeconds(30));

        var events = await ReadStreamAsync(id, TimeSpan.FromSeconds(15));

        Assert.Equal("job.completed", events[^1].Type);
        Assert.Equal(id, events[^1].Data.GetProperty("data").GetProperty("jobId").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Events_JobNobodyIsToldOf_EndsWithTheEndingReadFromItsStatus_AtOnce_AndUnderOneId(bool fails)
    {
        if (fails)
        {
            sendGrid.EnqueueFault(400, "The from address does not match a verified Sender Identity.");
        }

        var id = await StartJobAsync(batches: 1, events: null, withCallback: false);
        await server.FollowStatusAsync(new Uri($"/runtime/webhooks/durabletask/instances/{id}", UriKind.Relative), TimeSpan.FromSeconds(30));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = await ReadStreamAsync(id, TimeSpan.FromSeconds(30));
        clock.Stop();
        var again = await ReadStreamAsync(id, TimeSpan.FromSeconds(30));

        var ending = first[^1];
        Assert.Equal(fails ? "job.failed" : "job.completed", ending.Type);
        Assert.Equal(ending.Id, again[^1].Id);
        Assert.StartsWith("evt_", ending.Id, StringComparison.Ordinal);
        var data = ending.Data.GetProperty("data");
        Assert.Equal(id, data.GetProperty("jobId").GetString());
        Assert.Equal(fails ? "failed" : "completed", data.GetProperty("status").GetString());
        if (fails)
        {
            Assert.Equal(typeof(JobTypes.BulkEmail.BulkEmailFailedException).FullName, data.GetProperty("error").GetProperty("type").GetString());
        }
        else
        {
            Assert.Equal(1, data.GetProperty("result").GetProperty("sent").GetInt32());
        }

        // Nothing was started or recorded for it, and the stream did not wait for a record that never comes.
        Assert.True(clock.Elapsed < JobEventStreamEndpoint.EndingEventWait, $"the stream took {clock.Elapsed}");
        await foreach (var notification in server.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = JobNotifications.InstanceIdFor(id, string.Empty) }))
        {
            Assert.Fail($"a notification was started: {notification.InstanceId}");
        }

        await foreach (var recorded in server.Blobs.ListAsync(BlobNames.JobEventsPrefix(id)))
        {
            Assert.Fail($"an event was recorded: {recorded}");
        }
    }

    [Fact]
    public async Task Events_UnknownJob_Is404()
    {
        using var response = await server.Http.GetAsync(new Uri("/api/jobs/no-such-job/events", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<string> StartJobAsync(int batches, string[]? events, bool withCallback = true)
    {
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", new
        {
            subject = "Hi",
            text = "Hello",
            recipients = Enumerable.Range(0, batches).Select(i => new { email = $"user{i}@example.com" }),
            batchSize = 1,
            maxParallelBatches = 2,
            callback = withCallback ? new { url = receiver.Url, events } : null,
        });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        return JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private Task<List<StreamedEvent>> ReadStreamAsync(string id, TimeSpan timeout) => JobEventStreamReader.ReadAsync(server, id, timeout);

    private static JobProgress ProgressOf(JsonElement jobEvent) =>
        JsonSerializer.Deserialize<JobProgress>(jobEvent.GetProperty("data").GetProperty("progress").GetRawText(), JobJson.Options)!;
}
