using System.Diagnostics;
using System.Net;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Bench;

/// <summary>
/// Whether the server gives memory back: its working set and GC heap (after a full, compacting
/// collection) at start, after <c>jobs</c> completed jobs, and after purging them with
/// <c>DELETE /api/jobs/{id}</c>; twice, so that growth from one round to the next shows. The
/// server runs in this process, so the figures include the load client and the SendGrid stand-in
/// (reset before each measure).
/// </summary>
internal static class MemoryScenario
{
    private const int Rounds = 2;

    public static async Task RunAsync(string engine, SendGridStandIn sendGrid, int jobs)
    {
        await using var server = await BenchServer.StartAsync(engine, sendGrid, AzuriteEndpoint.ConnectionString);

        // Warm-up, so that JIT and pools are in the starting figure rather than in the growth.
        await RunJobsAndPurgeAsync(server, sendGrid, Math.Min(500, jobs));
        Measure(engine, "start", 0, sendGrid);
        for (var round = 1; round <= Rounds; round++)
        {
            var ids = await RunJobsAsync(server, sendGrid, jobs);
            Measure(engine, "completed", round, sendGrid);
            await PurgeAsync(server, ids);
            Measure(engine, "purged", round, sendGrid);
        }
    }

    private static async Task RunJobsAndPurgeAsync(BenchServer server, SendGridStandIn sendGrid, int jobs) =>
        await PurgeAsync(server, await RunJobsAsync(server, sendGrid, jobs));

    private static async Task<List<string>> RunJobsAsync(BenchServer server, SendGridStandIn sendGrid, int jobs)
    {
        var plan = new JobLoadPlan(jobs, Clients: 64, RacingDuplicates: 0, LateDuplicates: 0, RecipientsPerJob: 1);
        var result = await JobLoad.RunAsync(server.Http, plan, TimeSpan.FromMinutes(30));
        var violations = result.Violations(sendGrid.CountOf);
        if (violations.Count > 0)
        {
            throw new InvalidOperationException("The jobs did not all complete:\n" + string.Join('\n', violations));
        }

        return [.. result.AcceptedIds.Select(j => j.Id)];
    }

    private static async Task PurgeAsync(BenchServer server, List<string> ids)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ids.Count)
            {
                using var response = await server.Http.DeleteAsync(new Uri("/api/jobs/" + ids[i], UriKind.Relative));
                if (response.StatusCode != HttpStatusCode.NoContent)
                {
                    throw new InvalidOperationException($"Purging {ids[i]} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
    }

    private static void Measure(string engine, string after, int round, SendGridStandIn sendGrid)
    {
        sendGrid.Reset();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        Report.Line("memory", new
        {
            engine,
            after,
            round,
            workingSetMb = Math.Round(process.WorkingSet64 / 1048576.0, 1),
            gcHeapMb = Math.Round(GC.GetTotalMemory(forceFullCollection: false) / 1048576.0, 1),
        });
    }
}
