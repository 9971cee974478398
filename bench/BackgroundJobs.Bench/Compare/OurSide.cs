using System.Diagnostics;
using System.Text.Json;
using BackgroundJobs.StandIns;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Bench.Compare;

/// <summary>
/// Our side of one round, in a process of its own as each peer's is: the server on the in-memory
/// engine behind Kestrel, the SendGrid stand-in, and the workloads timed the way the peers time
/// theirs (shared/peers/README.md): at least <see cref="CompareArgs.WarmUpSeconds"/> of unmeasured
/// full-size runs first, then <see cref="CompareArgs.Reps"/> measured ones, each on an empty engine
/// (the peers flush Redis or take a new storage) after a full collection.
/// One <see cref="Measurement"/> per repetition on standard output; progress on standard error.
/// </summary>
internal static class OurSide
{
    public const string ChildArgument = "--compare-ours";

    public static async Task RunAsChildAsync(string[] args)
    {
        var options = CompareArgs.Parse(args);
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await BenchServer.StartAsync("InMemory", sendGrid, azurite: null);
        var csv = await Workloads.WriteCsvAsync(options.Recipients);

        await MeasureAsync(server, options, "bulk_email", options.Recipients, async () =>
            [new("bulk_email", (await Workloads.BulkEmailAsync(server, sendGrid, csv, options.Recipients)).TotalSeconds, "s", options.Recipients)]);

        await MeasureAsync(server, options, "jobs_end_to_end", options.Jobs, async () =>
        {
            var run = await JobStarts.RunAsync(server.Jobs, options.Jobs, options.Clients);
            return [new("jobs_end_to_end", options.Jobs / run.CompletedSeconds, "jobs/s", options.Jobs)];
        });

        await MeasureAsync(server, options, "fan_out", options.FanOut, async () =>
            [new("fan_out", (await Workloads.FanOutAsync(server, options.FanOut)).TotalSeconds, "s", options.FanOut)]);

        // One client, one start after another, as the peers' 2,000 sequential queue.add calls.
        await MeasureAsync(server, options, "start_latency", options.LatencyStarts, async () =>
        {
            var run = await JobStarts.RunAsync(server.Jobs, options.LatencyStarts, clients: 1);
            return
            [
                new("start_latency_p50", run.Percentile(0.50), "ms", options.LatencyStarts),
                new("start_latency_p99", run.Percentile(0.99), "ms", options.LatencyStarts),
            ];
        });
    }

    private static async Task MeasureAsync(BenchServer server, CompareArgs options, string workload, int size, Func<Task<Measurement[]>> once)
    {
        var warmUp = Stopwatch.StartNew();
        var warmUps = 0;
        do
        {
            await once();
            await EmptyEngineAsync(server);
            warmUps++;
        }
        while (warmUp.Elapsed.TotalSeconds < options.WarmUpSeconds);

        Console.Error.WriteLine($"[ours] {workload} ({size}): {warmUps} warm-up runs in {warmUp.Elapsed.TotalSeconds:F1} s");
        for (var rep = 1; rep <= options.Reps; rep++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            foreach (var measurement in await once())
            {
                Console.Error.WriteLine($"[ours] {measurement.Workload} rep {rep}: {measurement.Value:F4} {measurement.Unit}");
                Console.Out.WriteLine(JsonSerializer.Serialize(measurement));
            }

            await EmptyEngineAsync(server);
        }
    }

    // The peers start every repetition on empty storage; the in-memory engine would otherwise hold every finished job.
    private static Task EmptyEngineAsync(BenchServer server) =>
        server.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]));
}

/// <summary>One repetition's figure, as our side prints it and the comparison reads it.</summary>
internal sealed record Measurement(string Workload, double Value, string Unit, int N);
