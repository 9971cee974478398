using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Tests.Runtime;

/// <summary>The server serves the Durable Functions management URLs it hands out, with the same behaviour.</summary>
public class DurableRuntimeRoutesTests
{
    private static object SlowJob(int recipients) => new
    {
        subject = "Hi",
        text = "Hello",
        recipients = Enumerable.Range(0, recipients).Select(i => new { email = $"r{i}@example.com" }),
        batchSize = 1,
        maxParallelBatches = 1,
    };

    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task StatusQueryGetUri_WhileRunning_Is202WithRetryAfter_ThenTerminate_Then200Terminated_AndNoMoreIsSent(string engine)
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.Delay = TimeSpan.FromMilliseconds(200);
        await using var server = await StartAsync(engine, sendGrid);
        var held = sendGrid.HoldRequestAfter(2);
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", SlowJob(50));
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();

        using var running = await server.Http.GetAsync(start.Headers.Location);
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(JobStarter.RetryAfterSeconds), running.Headers.RetryAfter?.Delta);
        var body = await running.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(accepted.GetProperty("id").GetString(), body.GetProperty("instanceId").GetString());
        Assert.Equal("BulkEmailOrchestrator", body.GetProperty("name").GetString());

        // Cancel while a chunk sub-orchestration is sending (its third send is held), which is where
        // cancels went unheard.
        await held.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        var terminate = accepted.GetProperty("terminatePostUri").GetString()!.Replace("{text}", "operator", StringComparison.Ordinal);
        using var terminated = await server.Http.PostAsync(new Uri(terminate), null);
        Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);
        held.Release(providerTakesIt: true);

        var final = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(30));
        Assert.Equal("Terminated", final.GetProperty("runtimeStatus").GetString());
        Assert.Equal("operator", final.GetProperty("output").GetString());
        var job = await server.Http.GetFromJsonAsync<JsonElement>(accepted.GetProperty("jobUri").GetString());
        Assert.Equal("canceled", job.GetProperty("status").GetString());
        Assert.Equal("operator", job.GetProperty("error").GetProperty("message").GetString());

        // A send already in flight may still land; after that, a canceled job must mail no one.
        await Task.Delay(sendGrid.Delay * 3);
        var sentAtCancel = sendGrid.AcceptedRecipients.Count;
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(sentAtCancel, sendGrid.AcceptedRecipients.Count);
        Assert.True(sentAtCancel < 50);
        Assert.All(await SubInstancesAsync(server, accepted, ":chunk:"), s => Assert.Equal(OrchestrationRuntimeStatus.Terminated, s.RuntimeStatus));

        using var again = await server.Http.PostAsync(new Uri(terminate), null);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
    }

    [Fact]
    public async Task SuspendPostUri_WhileSending_StopsTheChunkToo_AndResumeFinishesEveryoneOnce()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.Delay = TimeSpan.FromMilliseconds(100);
        await using var server = await StartAsync("InMemory", sendGrid);
        // The second send of the first chunk (three batches of one) is held, so a chunk is surely
        // sending when the suspend arrives; waiting for a count instead raced the chunk's end.
        var held = sendGrid.HoldRequestAfter(1);
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", SlowJob(30));
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();
        await held.Reached.WaitAsync(TimeSpan.FromSeconds(60));

        var suspend = accepted.GetProperty("suspendPostUri").GetString()!.Replace("{text}", "pause", StringComparison.Ordinal);
        using var suspended = await server.Http.PostAsync(new Uri(suspend), null);
        Assert.Equal(HttpStatusCode.Accepted, suspended.StatusCode);
        await Eventually.HoldsAsync(async () => (await server.Client.GetInstanceAsync(accepted.GetProperty("id").GetString()!))!.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(async () => (await SubInstancesAsync(server, accepted, ":chunk:")).Any(s => s.RuntimeStatus == OrchestrationRuntimeStatus.Suspended), TimeSpan.FromSeconds(30));

        // The send in flight lands; after it, a suspended job mails no one.
        held.Release(providerTakesIt: true);
        await Eventually.HoldsAsync(() => sendGrid.AcceptedRecipients.Count >= 2, TimeSpan.FromSeconds(30));
        await Task.Delay(sendGrid.Delay * 3);
        var sentAtSuspend = sendGrid.AcceptedRecipients.Count;
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(sentAtSuspend, sendGrid.AcceptedRecipients.Count);
        Assert.True(sentAtSuspend < 30);

        var resume = accepted.GetProperty("resumePostUri").GetString()!.Replace("{text}", "go", StringComparison.Ordinal);
        using var resumed = await server.Http.PostAsync(new Uri(resume), null);
        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        var final = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(60));

        Assert.Equal("Completed", final.GetProperty("runtimeStatus").GetString());
        Assert.Equal(30, sendGrid.AcceptedRecipients.Count);
        Assert.Equal(30, sendGrid.AcceptedRecipients.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RaiseEventPostUri_BodyOver64KiB_Is413NamingBody(bool chunked)
    {
        await using var server = await ServerHost.StartAsync();
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", SlowJob(2));
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();
        var raise = accepted.GetProperty("sendEventPostUri").GetString()!.Replace("{eventName}", "approval", StringComparison.Ordinal);
        var json = System.Text.Encoding.UTF8.GetBytes("\"" + new string('x', 64 * 1024) + "\"");
        using HttpContent content = chunked ? new UnknownLengthContent(json) : new ByteArrayContent(json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await server.Http.PostAsync(new Uri(raise), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _), problem.ToString());
    }

    [Fact]
    public async Task PurgeHistoryDeleteUri_AfterCompletion_DeletesTheInstance()
    {
        await using var server = await ServerHost.StartAsync();
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", SlowJob(2));
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();
        await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(30));

        var id = accepted.GetProperty("id").GetString()!;
        Assert.NotEmpty(await SubInstancesAsync(server, accepted, ":chunk:"));

        // The job's notifications run after it, as instances of their own; purge what has finished.
        var subInstances = await WaitUntilFinishedAsync(server, accepted);
        Assert.True(Directory.Exists(Path.Combine(server.BlobFolder, "jobs", id)));

        using var purge = await server.Http.DeleteAsync(new Uri(accepted.GetProperty("purgeHistoryDeleteUri").GetString()!));
        using var after = await server.Http.GetAsync(start.Headers.Location);

        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);

        // The job, its chunk sub-orchestrations and notifications, and its working state in blob storage.
        Assert.Equal(1 + subInstances, (await purge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        Assert.Empty(await SubInstancesAsync(server, accepted));
        Assert.False(Directory.Exists(Path.Combine(server.BlobFolder, "jobs", id)));
        Assert.False(Directory.Exists(Path.Combine(server.BlobFolder, "results", id)));
    }

    [Fact]
    public async Task PurgeHistoryDeleteUri_OfAKeyedJob_DeletesItsIdempotencyRecord_SoTheKeyStartsANewJob()
    {
        await using var server = await ServerHost.StartAsync();
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", SlowJob(2), idempotencyKey: "purge-me");
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();
        await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(30));
        Assert.True(await server.Blobs.ExistsAsync(BlobNames.IdempotencyRecord(accepted.GetProperty("id").GetString()!)));

        using var purge = await server.Http.DeleteAsync(new Uri(accepted.GetProperty("purgeHistoryDeleteUri").GetString()!));
        using var reuse = await server.PostJsonAsync("/api/jobs/bulk-email", SlowJob(3), idempotencyKey: "purge-me");

        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, reuse.StatusCode);
        var rerun = await server.FollowStatusAsync(reuse.Headers.Location!, TimeSpan.FromSeconds(30));
        Assert.Equal(3, rerun.GetProperty("input").GetProperty("recipients").GetArrayLength());
    }

    [Fact]
    public async Task RestartPostUri_AfterCompletion_RunsTheJobAgainWithTheSameInput()
    {
        await using var server = await ServerHost.StartAsync();
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", SlowJob(2));
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();
        await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(30));

        using var restart = await server.Http.PostAsync(new Uri(accepted.GetProperty("restartPostUri").GetString()!), null);
        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        var rerun = await server.FollowStatusAsync(restart.Headers.Location!, TimeSpan.FromSeconds(30));

        Assert.NotEqual(start.Headers.Location, restart.Headers.Location);
        Assert.Equal("Completed", rerun.GetProperty("runtimeStatus").GetString());
        Assert.Equal(2, rerun.GetProperty("input").GetProperty("recipients").GetArrayLength());
    }

    [Fact]
    public async Task Status_UnknownInstance_Is404()
    {
        await using var server = await ServerHost.StartAsync();

        using var response = await server.Http.GetAsync(new Uri("/runtime/webhooks/durabletask/instances/nope", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<ServerHost> StartAsync(string engine, SendGridStandIn sendGrid)
    {
        if (engine == "InMemory")
        {
            return await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        }

        await AzuriteEndpoint.EnsureRunningAsync();
        return await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid, ServerHost.OnAzurite()));
    }

    /// <param name="kind">":chunk:" for the job's chunks only; by default every sub-instance (chunks, notifications).</param>
    private static async Task<List<OrchestrationMetadata>> SubInstancesAsync(ServerHost server, JsonElement accepted, string kind = ":")
    {
        var found = new List<OrchestrationMetadata>();
        var prefix = accepted.GetProperty("id").GetString() + kind;
        await foreach (var instance in server.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix }))
        {
            found.Add(instance);
        }

        return found;
    }

    private static async Task<int> WaitUntilFinishedAsync(ServerHost server, JsonElement accepted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var all = await SubInstancesAsync(server, accepted);
            if (all.All(i => i.IsCompleted) || DateTime.UtcNow > deadline)
            {
                return all.Count;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>A body whose length is not announced, so it is sent chunked and only reading it tells its size.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
