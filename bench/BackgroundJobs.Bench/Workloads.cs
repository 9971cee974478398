using System.Diagnostics;
using System.Globalization;
using System.Text;
using BackgroundJobs.Client.Requests;
using BackgroundJobs.StandIns;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Bench;

/// <summary>The timed workloads shared by the figures of one engine (<c>Program.cs</c>) and the side-by-side comparison (<c>Compare/</c>).</summary>
internal static class Workloads
{
    /// <summary>A recipients CSV of <paramref name="count"/> rows in the temp folder, as a user uploads it.</summary>
    public static async Task<string> WriteCsvAsync(int count, string name = "bench-recipients")
    {
        var path = Path.Combine(Path.GetTempPath(), $"{name}-{count}.csv");
        var csv = new StringBuilder("email,name,n\n");
        for (var i = 0; i < count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"person{i}@example.com,Person {i},{i}\n");
        }

        await File.WriteAllTextAsync(path, csv.ToString());
        return path;
    }

    /// <summary>
    /// The bulk e-mail job with its CSV already uploaded, 1,000 recipients a batch (unless told) and 16 batches in
    /// flight (BullMQ's bulk_http.js runs 16 workers): from the start request to the status URL's 200.
    /// </summary>
    public static async Task<TimeSpan> BulkEmailAsync(BenchServer server, SendGridStandIn sendGrid, string csvPath, int recipients, int batchSize = 1000, Action? starting = null, Action? finished = null)
    {
        sendGrid.Reset();
        var blob = await server.UploadAsync(csvPath);
        starting?.Invoke();
        var clock = Stopwatch.StartNew();
        var start = await server.Jobs.StartBulkEmailAsync(new BulkEmailJobRequest
        {
            Subject = "Hello {{name}}",
            Text = "Hi {{name}}, this is message {{n}}.",
            RecipientsBlob = blob,
            BatchSize = batchSize,
            MaxParallelBatches = 16,
        });
        var job = await JobStarts.WaitForCompletionAsync(server.Jobs, start.Id);
        clock.Stop();
        finished?.Invoke();
        var sent = job.Result!.Value.GetProperty("sent").GetInt32();
        if (sent != recipients || sendGrid.AcceptedRecipients.Count != recipients)
        {
            throw new InvalidOperationException($"Expected {recipients} sent; the job says {sent}, the stand-in saw {sendGrid.AcceptedRecipients.Count}.");
        }

        return clock.Elapsed;
    }

    /// <summary>
    /// One orchestration fanning out to <paramref name="activities"/> no-op activities and joining
    /// them: the engine's activity throughput. Timed to the instance's own completion time: the
    /// server's client polls every 100 ms, as long as the whole fan-out takes on the in-memory engine.
    /// </summary>
    public static async Task<TimeSpan> FanOutAsync(BenchServer server, int activities)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var id = await server.Client.ScheduleNewOrchestrationInstanceAsync(nameof(EngineProbes.FanOutProbe), activities);
        var done = await server.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed || done.ReadOutputAs<int>() != activities)
        {
            throw new InvalidOperationException($"Fan-out ended {done.RuntimeStatus} with {done.SerializedOutput}.");
        }

        return done.LastUpdatedAt - startedAt;
    }
}
