using System.Net.Http.Json;
using System.Text.Json;
using BackgroundJobs.Server.Tests;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.JobTypes.Tests.BulkEmail;

/// <summary>
/// A job whose batches fit in one chunk sends them from its own orchestration: the engine holds no
/// chunk sub-orchestration for it, and the job reports the same result and progress as before.
/// Checked on both engines through the server's HTTP API and the engine's own instance query.
/// </summary>
public class OneChunkBulkEmailTests
{
    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task OneRecipient_IsSentWithoutAChunkSubOrchestration_AndReportsItsResultAndProgress(string engine)
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await StartAsync(engine, sendGrid);

        var (id, done) = await RunAsync(server, Job("solo@example.com"));

        Assert.Equal("completed", done.GetProperty("status").GetString());
        var result = done.GetProperty("result");
        Assert.Equal((1, 1, 0, 0, 1), (result.GetProperty("recipients").GetInt32(), result.GetProperty("sent").GetInt32(), result.GetProperty("failed").GetInt32(), result.GetProperty("invalid").GetInt32(), result.GetProperty("batches").GetInt32()));
        Assert.False(result.TryGetProperty("notSentBlob", out var notSent) && notSent.ValueKind != JsonValueKind.Null);
        Assert.False(string.IsNullOrEmpty(result.GetProperty("runId").GetString()));
        var progress = done.GetProperty("progress");
        Assert.Equal(("completed", 1, 1), (progress.GetProperty("stage").GetString(), progress.GetProperty("done").GetInt32(), progress.GetProperty("total").GetInt32()));
        Assert.Equal(1, progress.GetProperty("counts").GetProperty("sent").GetInt32());
        Assert.Equal(["solo@example.com"], sendGrid.AcceptedRecipients);
        Assert.Empty(await ChunksAsync(server, id));
    }

    [Fact]
    public async Task OneBatchWithAnInvalidRow_StillWritesNotSentCsv_WithoutAChunkSubOrchestration()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));

        // Inline recipients are checked at the door; a CSV's bad rows are set aside while preparing.
        var csv = await server.UploadAsync("email\nok@example.com\nnot-an-address\n");
        var (id, done) = await RunAsync(server, new { subject = "Hi", text = "Hello", recipientsBlob = csv, batchSize = 1 });

        var result = done.GetProperty("result");
        Assert.Equal((1, 1, 1), (result.GetProperty("sent").GetInt32(), result.GetProperty("invalid").GetInt32(), result.GetProperty("batches").GetInt32()));
        await using var notSent = await server.Blobs.OpenReadAsync(result.GetProperty("notSentBlob").GetString()!);
        var lines = (await new StreamReader(notSent!).ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("email,reason", lines[0]);
        Assert.StartsWith("not-an-address,", Assert.Single(lines[1..]), StringComparison.Ordinal);
        Assert.Empty(await ChunksAsync(server, id));
    }

    [Fact]
    public async Task TwoBatches_StillGoThroughChunkSubOrchestrations()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));

        var (id, done) = await RunAsync(server, Job("a@example.com", "b@example.com"));

        Assert.Equal(2, done.GetProperty("result").GetProperty("sent").GetInt32());
        Assert.Equal(2, (await ChunksAsync(server, id)).Count);
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

    /// <summary>A job of one-recipient batches.</summary>
    private static object Job(params string[] emails) => new
    {
        subject = "Hi",
        text = "Hello",
        recipients = emails.Select(e => new { email = e }),
        batchSize = 1,
    };

    /// <summary>Runs the job to its end; its id and its <c>GET /api/jobs/{id}</c>.</summary>
    private static async Task<(string Id, JsonElement Job)> RunAsync(ServerHost server, object job)
    {
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", job);
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();
        await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(60));
        return (accepted.GetProperty("id").GetString()!, await server.Http.GetFromJsonAsync<JsonElement>(accepted.GetProperty("jobUri").GetString()));
    }

    private static async Task<List<OrchestrationMetadata>> ChunksAsync(ServerHost server, string jobId)
    {
        var found = new List<OrchestrationMetadata>();
        await foreach (var instance in server.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = jobId + ":chunk:" }))
        {
            found.Add(instance);
        }

        return found;
    }
}
