using System.Diagnostics;
using BackgroundJobs.Client.Requests;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Bench.StorageCost;

/// <summary>
/// <c>--scenarios storage_cost</c> (Azure Storage engine): the storage calls one job costs, counted by
/// <see cref="StorageCalls"/>, for a bulk e-mail of one batch (one recipient; several such jobs at
/// once, divided by their number) and one of 100 batches. The engine polls its queues and renews its
/// partition leases whatever it does: that idle rate is measured first and printed beside the counts,
/// and <c>netPerJob</c> is the count less what idling would have cost over the same time.
/// </summary>
internal static class StorageCostScenario
{
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(SendGridStandIn sendGrid, int oneBatchJobs, int batches)
    {
        await AzuriteEndpoint.EnsureRunningAsync();
        using var calls = new StorageCalls(AzuriteEndpoint.ConnectionString);
        await using var server = await BenchServer.StartAsync("AzureStorage", sendGrid, AzuriteEndpoint.ConnectionString);
        const int batchSize = 100;
        var csv = await server.UploadAsync(await Workloads.WriteCsvAsync(batches * batchSize, "bench-storage-cost"));

        // The task hub's queues, tables and leases are set up by the first job, which is not counted.
        await OneBatchJobsAsync(server, 1);

        var before = calls.Snapshot();
        await Task.Delay(IdleWindow);
        var idlePerSecond = Divide(Difference(calls.Snapshot(), before), IdleWindow.TotalSeconds);
        Report.Line("storage_idle", new { engine = "AzureStorage", callsPerSecond = Round(idlePerSecond) });

        await MeasureAsync(calls, idlePerSecond, "bulk_email, 1 batch of 1 recipient", oneBatchJobs, () => OneBatchJobsAsync(server, oneBatchJobs));
        await MeasureAsync(calls, idlePerSecond, $"bulk_email, {batches} batches of {batchSize}", 1, async () =>
        {
            sendGrid.Reset();
            var job = await server.Jobs.StartBulkEmailAsync(new BulkEmailJobRequest { Subject = "Hi", Text = "Hello", RecipientsBlob = csv, BatchSize = batchSize, MaxParallelBatches = 16 });
            await JobStarts.WaitForCompletionAsync(server.Jobs, job.Id);
            if (sendGrid.AcceptedRecipients.Count != batches * batchSize)
            {
                throw new InvalidOperationException($"The stand-in saw {sendGrid.AcceptedRecipients.Count} recipients; expected {batches * batchSize}.");
            }
        });
    }

    private static async Task OneBatchJobsAsync(BenchServer server, int jobs)
    {
        var started = await Task.WhenAll(Enumerable.Range(0, jobs).Select(i => server.Jobs.StartBulkEmailAsync(new BulkEmailJobRequest
        {
            Subject = "Hi",
            Text = "Hello",
            Recipients = [new EmailRecipient($"cost{i}@example.com")],
        })));
        foreach (var job in started)
        {
            await JobStarts.WaitForCompletionAsync(server.Jobs, job.Id);
        }
    }

    private static async Task MeasureAsync(StorageCalls calls, Dictionary<string, double> idlePerSecond, string job, int jobs, Func<Task> run)
    {
        var before = calls.Snapshot();
        var clock = Stopwatch.StartNew();
        await run();
        clock.Stop();
        var counted = Difference(calls.Snapshot(), before);
        var perJob = Divide(counted, jobs);
        var net = counted.ToDictionary(c => c.Key, c => Math.Max(0, (c.Value - (idlePerSecond.GetValueOrDefault(c.Key) * clock.Elapsed.TotalSeconds)) / jobs));
        double Sum(Dictionary<string, double> figures, string service) => Math.Round(figures.Where(f => f.Key.StartsWith(service + ".", StringComparison.Ordinal)).Sum(f => f.Value), 1);
        Report.Line("storage_calls", new
        {
            engine = "AzureStorage",
            job,
            jobs,
            seconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
            queueMessagesSentPerJob = Math.Round(perJob.GetValueOrDefault("queue.send"), 1),
            perJob = new { queue = Sum(perJob, "queue"), table = Sum(perJob, "table"), blob = Sum(perJob, "blob"), total = Math.Round(perJob.Values.Sum(), 1) },
            netPerJob = new { queue = Sum(net, "queue"), table = Sum(net, "table"), blob = Sum(net, "blob"), total = Math.Round(net.Values.Sum(), 1) },
            byOperationPerJob = Round(perJob),
        });
    }

    private static Dictionary<string, double> Difference(Dictionary<string, int> after, Dictionary<string, int> before) =>
        after.ToDictionary(a => a.Key, a => (double)(a.Value - before.GetValueOrDefault(a.Key)), StringComparer.Ordinal);

    private static Dictionary<string, double> Divide(Dictionary<string, double> counts, double by) =>
        counts.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value / by, StringComparer.Ordinal);

    private static SortedDictionary<string, double> Round(Dictionary<string, double> figures) =>
        new(figures.ToDictionary(f => f.Key, f => Math.Round(f.Value, 2)), StringComparer.Ordinal);
}
