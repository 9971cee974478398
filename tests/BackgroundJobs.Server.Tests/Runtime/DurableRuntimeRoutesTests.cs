using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackgroundJobs.TestHelpers;

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

    [Fact]
    public async Task StatusQueryGetUri_WhileRunning_Is202WithRetryAfter_ThenTerminate_Then200Terminated()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.Delay = TimeSpan.FromMilliseconds(200);
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", SlowJob(50));
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();

        using var running = await server.Http.GetAsync(start.Headers.Location);
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), running.Headers.RetryAfter?.Delta);
        var body = await running.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(accepted.GetProperty("id").GetString(), body.GetProperty("instanceId").GetString());
        Assert.Equal("BulkEmailOrchestrator", body.GetProperty("name").GetString());

        var terminate = accepted.GetProperty("terminatePostUri").GetString()!.Replace("{text}", "operator", StringComparison.Ordinal);
        using var terminated = await server.Http.PostAsync(new Uri(terminate), null);
        Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);

        var final = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(30));
        Assert.Equal("Terminated", final.GetProperty("runtimeStatus").GetString());
        var job = await server.Http.GetFromJsonAsync<JsonElement>(accepted.GetProperty("jobUri").GetString());
        Assert.Equal("canceled", job.GetProperty("status").GetString());
        Assert.True(sendGrid.AcceptedRecipients.Count < 50);

        using var again = await server.Http.PostAsync(new Uri(terminate), null);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
    }

    [Fact]
    public async Task PurgeHistoryDeleteUri_AfterCompletion_DeletesTheInstance()
    {
        await using var server = await ServerHost.StartAsync();
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", SlowJob(2));
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();
        await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(30));

        using var purge = await server.Http.DeleteAsync(new Uri(accepted.GetProperty("purgeHistoryDeleteUri").GetString()!));
        using var after = await server.Http.GetAsync(start.Headers.Location);

        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal(1, (await purge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
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
}
