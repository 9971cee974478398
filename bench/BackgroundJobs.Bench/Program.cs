using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BackgroundJobs.Bench;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

// Usage: dotnet run -c Release --project bench/BackgroundJobs.Bench -- [--engine InMemory|AzureStorage|all]
//        [--scenarios speed,load,memory] (default speed,load; speed is bulk_email,job_starts,fan_out,jobs_with_activities,
//        each of which can be named alone)
//        speed:  [--recipients 100000] [--starts 1000] [--clients 32] [--fan-out 1000] [--jobs 1000] [--warm-up-starts 10000]
//                [--start-rate 1000] [--rate-seconds 5]
//        load:   [--load-jobs 2000] [--load-clients 64] [--load-timeout-minutes 15]
//        memory: [--memory-jobs 10000]
//        bulk_email_timeline: [--recipients 100000] [--timeline-runs 3]   (where the e-mail's time goes)
//        storage_cost (AzureStorage only): [--cost-jobs 10] [--cost-batches 100]
//   or:  ... -- --report-rows 1000000 [--report-format csv|xlsx]   (only the report figure, one size per process)
//   or:  ... -- --compare [--peers DIR|none] [--rounds 3] [--reps 3] [--warm-up-seconds 10] [--recipients 100000] [--jobs 10000]
//        [--clients 32] [--fan-out 1000] [--latency-starts 2000] [--peer-systems bullmq]   (ours beside the peers; see bench/compare.sh)
// AzureStorage needs Azurite (AZURITE_CONNECTION_STRING, default 127.0.0.1:10000-10002).
if (args.FirstOrDefault() == BackgroundJobs.Bench.Compare.OurSide.ChildArgument)
{
    await BackgroundJobs.Bench.Compare.OurSide.RunAsChildAsync(args);
    return;
}

if (args.Contains(BackgroundJobs.Bench.Compare.CompareArgs.Flag))
{
    await BackgroundJobs.Bench.Compare.Comparison.RunAsync(args);
    return;
}

if (args.FirstOrDefault() == JobStarts.ChildArgument)
{
    await JobStarts.RunAsChildAsync(args);
    return;
}

var options = Args.Parse(args);
var engines = options.Engine == "all" ? new[] { "InMemory", "AzureStorage" } : new[] { options.Engine };
Report.Line("machine", new { cores = Environment.ProcessorCount, os = Environment.OSVersion.VersionString, dotnet = Environment.Version.ToString() });

await using var sendGrid = await SendGridStandIn.StartAsync();
if (options.ReportRows is { } reportRows)
{
    // Alone in its process, so the process's peak working set is the report's.
    foreach (var engine in engines)
    {
        await using var server = await BenchServer.StartAsync(engine, sendGrid, AzuriteEndpoint.ConnectionString, reportRows);
        await ReportBench.RunAsync(server, reportRows, options.ReportFormat, engine);
    }

    return;
}

var csvPath = await Workloads.WriteCsvAsync(options.Recipients);

foreach (var engine in engines)
{
    if (engine == "AzureStorage")
    {
        await AzuriteEndpoint.EnsureRunningAsync();
    }

    bool Runs(string scenario) => options.Scenarios.Contains(scenario) || (options.Scenarios.Contains("speed") && Args.SpeedScenarios.Contains(scenario));
    if (Args.SpeedScenarios.Any(Runs) || Runs("load") || Runs("bulk_email_timeline"))
    {
        await using var server = await BenchServer.StartAsync(engine, sendGrid, AzuriteEndpoint.ConnectionString);

        // What the figures below were measured with (Engine__* environment variables override the defaults).
        var engineSettings = server.EngineSettings;
        Report.Line("engine", new
        {
            engine,
            engineSettings.PartitionCount,
            engineSettings.ControlQueueBatchSize,
            engineSettings.ControlQueueBufferThreshold,
            MaxQueuePollingInterval = engineSettings.MaxQueuePollingInterval.ToString(),
            MessageVisibilityTimeout = engineSettings.MessageVisibilityTimeout.ToString(),
            engineSettings.ExtendedSessions,
            engineSettings.MaxConcurrentActivities,
            engineSettings.MaxConcurrentOrchestrations,
        });

        // Warm-up: JIT (a method is recompiled with profile data after it has run a while, so the
        // starts warm up at full size), connection pools and (on Azure Storage) the task hub's queues and leases.
        await Workloads.BulkEmailAsync(server, sendGrid, await Workloads.WriteCsvAsync(2000, "bench-warmup"), 2000);
        await StartsAsync(server, engine == "InMemory" ? options.WarmUpStarts : 100, options.Clients, engine, report: false);
        await FanOutAsync(server, 100, engine, report: false);
        await JobsWithActivitiesAsync(server, 50, 10, engine, report: false);

        if (Runs("bulk_email"))
        {
            var elapsed = await Workloads.BulkEmailAsync(server, sendGrid, csvPath, options.Recipients);
            Report.Line("bulk_email", new { engine, recipients = options.Recipients, seconds = Math.Round(elapsed.TotalSeconds, 3), recipientsPerSecond = Math.Round(options.Recipients / elapsed.TotalSeconds), providerRequests = sendGrid.AcceptedRequests });
        }

        if (options.Scenarios.Contains("bulk_email_timeline"))
        {
            await BulkEmailTimeline.RunAsync(server, sendGrid, csvPath, options.Recipients, engine, options.TimelineRuns);
        }

        if (Runs("job_starts"))
        {
            await StartsAsync(server, options.Starts, options.Clients, engine, report: true);
            await StartsAsync(server, options.Starts, options.Clients, engine, report: true, ownProcess: true);
            await StartsAsync(server, options.StartRate * options.RateSeconds, options.Clients, engine, report: true, ownProcess: true, perSecond: options.StartRate);
        }

        if (Runs("fan_out"))
        {
            await FanOutAsync(server, options.FanOut, engine, report: true);
        }

        if (Runs("jobs_with_activities"))
        {
            await JobsWithActivitiesAsync(server, options.Jobs, 10, engine, report: true);
        }

        if (Runs("load"))
        {
            await LoadAsync(server, sendGrid, options.LoadJobs, options.LoadClients, engine, TimeSpan.FromMinutes(options.LoadTimeoutMinutes));
        }
    }

    if (options.Scenarios.Contains("storage_cost") && engine == "AzureStorage")
    {
        await BackgroundJobs.Bench.StorageCost.StorageCostScenario.RunAsync(sendGrid, options.CostJobs, options.CostBatches);
    }

    if (options.Scenarios.Contains("memory"))
    {
        await MemoryScenario.RunAsync(engine, sendGrid, options.MemoryJobs);
    }
}

// Many clients submitting keyed bulk e-mail jobs at once, duplicates included: every promise of the
// load test checked, then the throughput and latency of the submissions.
static async Task LoadAsync(BenchServer server, SendGridStandIn sendGrid, int jobs, int clients, string engine, TimeSpan timeout)
{
    sendGrid.Reset();
    var plan = new JobLoadPlan(jobs, clients);
    var cpuBefore = GcReading.CpuTime();
    var result = await JobLoad.RunAsync(server.Http, plan, timeout);
    var violations = result.Violations(sendGrid.CountOf);

    // Printed even when the run broke a promise (then it fails below): how far a run that did not
    // finish in time got is a figure too.
    Report.Line("load", new
    {
        engine,
        jobs,
        clients,
        ended = result.Ended.Count,
        brokenPromises = violations.Count,
        duplicates = plan.RacingDuplicates + plan.LateDuplicates,
        recipients = sendGrid.AcceptedRecipients.Count,
        submissionsPerSecond = Math.Round(result.SubmissionsPerSecond),
        p50Ms = Math.Round(result.LatencyPercentileMs(0.50), 2),
        p99Ms = Math.Round(result.LatencyPercentileMs(0.99), 2),
        allCompletedSeconds = result.Ended.Count == jobs ? Math.Round(result.CompletedElapsed.TotalSeconds, 3) : (double?)null,
        jobsCompletedPerSecond = result.Ended.Count == jobs ? Math.Round(result.JobsPerSecond) : (double?)null,
        serverErrors = result.Submissions.Count(s => s.Status >= 500),
        cpuMsPerJob = Math.Round((GcReading.CpuTime() - cpuBefore).TotalMilliseconds / jobs, 2),
    });
    if (violations.Count > 0)
    {
        throw new InvalidOperationException("The load run broke its promises:\n" + string.Join('\n', violations.Take(20)));
    }
}

static async Task FanOutAsync(BenchServer server, int activities, string engine, bool report)
{
    var elapsed = await Workloads.FanOutAsync(server, activities);
    if (report)
    {
        Report.Line("fan_out", new { engine, activities, seconds = Math.Round(elapsed.TotalSeconds, 3), activitiesPerSecond = Math.Round(activities / elapsed.TotalSeconds) });
    }
}

// Many orchestrations at once, each fanning out to a few activities: jobs per second end to end.
static async Task JobsWithActivitiesAsync(BenchServer server, int jobs, int activitiesEach, string engine, bool report)
{
    var clock = Stopwatch.StartNew();
    var ids = await Task.WhenAll(Enumerable.Range(0, jobs).Select(_ => server.Client.ScheduleNewOrchestrationInstanceAsync(nameof(EngineProbes.FanOutProbe), activitiesEach)));
    foreach (var id in ids)
    {
        var done = await server.Client.WaitForInstanceCompletionAsync(id);
        if (done.RuntimeStatus != Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"Probe {id} ended {done.RuntimeStatus}.");
        }
    }

    clock.Stop();
    if (report)
    {
        Report.Line("jobs_with_activities", new { engine, jobs, activitiesEach, seconds = Math.Round(clock.Elapsed.TotalSeconds, 3), jobsPerSecond = Math.Round(jobs / clock.Elapsed.TotalSeconds), activitiesPerSecond = Math.Round(jobs * activitiesEach / clock.Elapsed.TotalSeconds) });
    }
}

// Job starts over HTTP, from clients in this process or (ownProcess) in a child process, which
// leaves the server's thread pool to the server as a real deployment does. With perSecond, the
// child sends at that steady rate instead (open loop, as independent users arrive): the latency a
// start has at that rate, where the closed loop measures the most starts waiting clients get through.
static async Task StartsAsync(BenchServer server, int starts, int clients, string engine, bool report, bool ownProcess = false, int perSecond = 0)
{
    var heapBefore = report ? GC.GetTotalMemory(forceFullCollection: true) : 0;
    var cpuBefore = GcReading.CpuTime();
    var gcBefore = GcReading.Now();
    var run = ownProcess
        ? await JobStarts.RunInChildProcessAsync(server.Http.BaseAddress!, BenchServer.ApiKey, starts, clients, perSecond)
        : await JobStarts.RunAsync(server.Jobs, starts, clients);
    var cpu = GcReading.CpuTime() - cpuBefore;
    var gc = GcReading.Now() - gcBefore;
    var jobs = starts + run.WarmUpStarts;
    if (report)
    {
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        Report.Line(perSecond > 0 ? "job_starts_at_rate" : "job_starts", new
        {
            engine,
            client = (ownProcess ? "own process" : "in process") + (perSecond > 0 ? ", open loop" : string.Empty),
            starts,
            clients = perSecond > 0 ? (int?)null : clients,
            startsPerSecondAsked = perSecond > 0 ? perSecond : (int?)null,
            startsPerSecond = Math.Round(starts / run.AcceptedSeconds),
            p50Ms = Math.Round(run.Percentile(0.50), 2),
            p99Ms = Math.Round(run.Percentile(0.99), 2),
            maxMs = Math.Round(run.LatenciesMs[^1], 2),
            allCompletedSeconds = Math.Round(run.CompletedSeconds, 3),

            // This process's CPU (the server and the stand-in, and the clients when in process) per
            // job started and completed: unlike the rates, this hardly moves when other work shares the machine.
            cpuMsPerJob = Math.Round(cpu.TotalMilliseconds / jobs, 2),

            // Bytes allocated per job do not move with the machine's load at all: the figure to compare changes by.
            allocatedKbPerJob = Math.Round(gc.AllocatedBytes / 1024.0 / jobs, 1),
            gcPauseMs = Math.Round(gc.Pause.TotalMilliseconds),
            gcCollections = new { gen0 = gc.Gen0, gen1 = gc.Gen1, gen2 = gc.Gen2 },

            // What a finished job leaves on the heap (the in-memory engine keeps every instance
            // until it is purged): what each collection must look through and copy while jobs run.
            retainedKbPerJob = Math.Round(retained / 1024.0 / jobs, 1),
        });
    }
}
