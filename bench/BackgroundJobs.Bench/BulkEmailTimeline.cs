using System.Diagnostics;
using BackgroundJobs.StandIns;

namespace BackgroundJobs.Bench;

/// <summary>
/// <c>--scenarios bulk_email_timeline</c>: where the bulk e-mail's time goes, seen from outside the
/// job (its code is not instrumented): the SendGrid stand-in's accepted requests and requests in
/// flight are sampled every millisecond while the job runs, splitting it into the time before the
/// first provider request (start request, CSV read, orchestration and first batch), the sending, and
/// the time from the last provider request to the status URL's 200 (last outcomes, completion, the
/// client's poll). The process's CPU time says whether it was waiting or working.
/// </summary>
internal static class BulkEmailTimeline
{
    public static async Task RunAsync(BenchServer server, SendGridStandIn sendGrid, string csvPath, int recipients, string engine, int runs)
    {
        for (var run = 1; run <= runs; run++)
        {
            using var sampling = new CancellationTokenSource();
            var clock = Stopwatch.StartNew();
            var (cpuAtStart, cpuAtEnd) = (TimeSpan.Zero, TimeSpan.Zero);
            var (gcAtStart, gcAtEnd) = (default(GcReading), default(GcReading));
            TimeSpan? first = null;
            TimeSpan last = default;
            var maxInFlight = 0;
            var sampler = Task.Run(async () =>
            {
                var seen = 0;
                while (!sampling.IsCancellationRequested)
                {
                    var accepted = sendGrid.AcceptedRequests;
                    maxInFlight = Math.Max(maxInFlight, sendGrid.RequestsInFlight);
                    if (sendGrid.RequestsInFlight > 0 || accepted > 0)
                    {
                        first ??= clock.Elapsed;
                    }

                    if (accepted > seen)
                    {
                        (seen, last) = (accepted, clock.Elapsed);
                    }

                    await Task.Delay(1, CancellationToken.None);
                }
            });

            // The job's start and end on this timeline: the check of what the stand-in received, after
            // the job, indexes every recipient and must not count as part of the job.
            var startedAt = TimeSpan.Zero;
            var total = await Workloads.BulkEmailAsync(
                server,
                sendGrid,
                csvPath,
                recipients,
                starting: () => (startedAt, cpuAtStart, gcAtStart) = (clock.Elapsed, GcReading.CpuTime(), GcReading.Now()),
                finished: () => (cpuAtEnd, gcAtEnd) = (GcReading.CpuTime(), GcReading.Now()));
            var wall = startedAt + total;
            await sampling.CancelAsync();
            await sampler;
            var cpu = cpuAtEnd - cpuAtStart;
            var gc = gcAtEnd - gcAtStart;
            var untilFirst = first ?? wall;
            Report.Line("bulk_email_timeline", new
            {
                engine,
                recipients,
                run,
                jobMs = Math.Round(total.TotalMilliseconds),
                uploadMs = Math.Round(startedAt.TotalMilliseconds),
                untilFirstProviderRequestMs = Math.Round((untilFirst - startedAt).TotalMilliseconds),
                sendingMs = Math.Round((last - untilFirst).TotalMilliseconds),
                afterLastProviderResponseMs = Math.Round((wall - last).TotalMilliseconds),
                providerRequests = sendGrid.AcceptedRequests,
                maxProviderRequestsInFlight = maxInFlight,
                cpuMs = Math.Round(cpu.TotalMilliseconds),
                cpuPerWallSecond = Math.Round(cpu.TotalMilliseconds / total.TotalMilliseconds, 2),
                allocatedMb = Math.Round(gc.AllocatedBytes / 1e6),
                gcPauseMs = Math.Round(gc.Pause.TotalMilliseconds),
                gc.Gen0,
                gc.Gen1,
                gc.Gen2,
            });
        }
    }
}
