using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BackgroundJobs.Client;
using BackgroundJobs.Client.Jobs;
using BackgroundJobs.Client.Requests;

namespace BackgroundJobs.Bench;

/// <summary>
/// Starts small bulk e-mail jobs over HTTP (with <see cref="BackgroundJobsClient"/>, as an
/// application would) from many clients at once and times each start, then waits until every job completed. It runs in the benchmark's process or, so that the clients share
/// no thread pool with the server they measure (as real clients never do), in a process of its own.
/// </summary>
internal static class JobStarts
{
    public const string ChildArgument = "--job-starts-client";

    /// <summary>Closed loop: <paramref name="clients"/> clients, each sending its next start as soon as the last is answered.</summary>
    public static async Task<StartsRun> RunAsync(BackgroundJobsClient jobs, int starts, int clients)
    {
        var run = new Run(starts);
        var next = -1;
        var workers = Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < starts)
            {
                await run.StartAsync(jobs, i, run.Clock.Elapsed);
            }
        }).ToList();
        await Task.WhenAll(workers);
        return await run.FinishAsync(jobs);
    }

    /// <summary>
    /// Open loop: starts sent at a steady <paramref name="perSecond"/>, whether or not earlier ones were
    /// answered, as independent users arrive. Each latency counts from when its start was due, so a
    /// server that falls behind shows it in the latencies instead of slowing the senders down.
    /// </summary>
    public static async Task<StartsRun> RunAtRateAsync(BackgroundJobsClient jobs, int starts, double perSecond)
    {
        var run = new Run(starts);
        var sends = new List<Task>(starts);
        for (var i = 0; i < starts; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            var wait = due - run.Clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            sends.Add(run.StartAsync(jobs, i, due));
        }

        await Task.WhenAll(sends);
        return await run.FinishAsync(jobs);
    }

    /// <summary>The same run from a child process; what it measured comes back on its standard output.</summary>
    /// <param name="perSecond">0 for the closed loop of <paramref name="clients"/>; otherwise the open loop's rate.</param>
    public static async Task<StartsRun> RunInChildProcessAsync(Uri server, string apiKey, int starts, int clients, double perSecond = 0)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(JobStarts).Assembly.Location);
        }

        foreach (var argument in new[] { ChildArgument, server.ToString(), apiKey, starts.ToString(CultureInfo.InvariantCulture), clients.ToString(CultureInfo.InvariantCulture), perSecond.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        return child.ExitCode == 0
            ? JsonSerializer.Deserialize<StartsRun>(output)!
            : throw new InvalidOperationException($"The job-starts client exited with {child.ExitCode}: {output}");
    }

    /// <summary>The child's side: <c>--job-starts-client URL KEY STARTS CLIENTS PER-SECOND</c>.</summary>
    public static async Task RunAsChildAsync(string[] args)
    {
        var jobs = Client(new Uri(args[1]), args[2]);
        var (starts, clients) = (int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
        var perSecond = double.Parse(args[5], CultureInfo.InvariantCulture);

        // A fresh process: its own client code is compiled on the first requests, which are not counted.
        var warmUp = Math.Min(starts, 200);
        await RunAsync(jobs, warmUp, clients);
        var run = perSecond > 0 ? await RunAtRateAsync(jobs, starts, perSecond) : await RunAsync(jobs, starts, clients);
        run = run with { WarmUpStarts = warmUp };
        Console.Out.Write(JsonSerializer.Serialize(run));
    }

    /// <summary>
    /// A client for many requests at once to one server, with the server's API key. It polls a job
    /// every 20 ms without backing off, so that the time to completion is measured to 20 ms.
    /// </summary>
    public static BackgroundJobsClient Client(Uri server, string apiKey) =>
        new(
            new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromMinutes(5) },
            new BackgroundJobsClientOptions
            {
                BaseAddress = server,
                ApiKey = apiKey,
                InitialPollInterval = TimeSpan.FromMilliseconds(20),
                MaxPollInterval = TimeSpan.FromMilliseconds(20),
            });

    /// <summary>Waits (polling, from now) until the job ended, and returns it; anything but completed is an error.</summary>
    public static async Task<Job> WaitForCompletionAsync(BackgroundJobsClient jobs, string id)
    {
        var job = await jobs.WaitForCompletionAsync(id);
        return job.Status == JobStatus.Completed ? job : throw new InvalidOperationException($"Job {id} ended {job.Status}: {job.Error}");
    }
}

/// <summary>One run's starts: each one's latency and job id, then the wait for every job to complete.</summary>
internal sealed class Run(int starts)
{
    // How many jobs are checked at once after the last one completed.
    private const int Checkers = 32;

    private readonly double[] latencies = new double[starts];
    private readonly string[] ids = new string[starts];
    private readonly DateTimeOffset startedAt = DateTimeOffset.UtcNow;

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>Starts job <paramref name="i"/>; its latency counts from <paramref name="since"/> on <see cref="Clock"/>.</summary>
    public async Task StartAsync(BackgroundJobsClient jobs, int i, TimeSpan since)
    {
        var accepted = await jobs.StartBulkEmailAsync(new BulkEmailJobRequest
        {
            Subject = "Hi",
            Text = "Hello",
            Recipients = [new EmailRecipient($"start{i}@example.com")],
        });
        latencies[i] = (Clock.Elapsed - since).TotalMilliseconds;
        ids[i] = accepted.Id;
    }

    /// <summary>
    /// Waits for the last job started (polling), then checks every job. The time until all had
    /// completed is taken from the server's own completion times (<c>lastUpdatedAt</c>, on this
    /// machine's clock): the thousands of checks afterwards would otherwise count as job time.
    /// </summary>
    public async Task<StartsRun> FinishAsync(BackgroundJobsClient jobs)
    {
        var accepted = Clock.Elapsed;
        await JobStarts.WaitForCompletionAsync(jobs, ids[^1]);
        var lastCompleted = startedAt;
        var gate = new object();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Checkers }, async (id, _) =>
        {
            var job = await JobStarts.WaitForCompletionAsync(jobs, id);
            lock (gate)
            {
                lastCompleted = job.LastUpdatedAt > lastCompleted ? job.LastUpdatedAt : lastCompleted;
            }
        });

        Array.Sort(latencies);
        var completed = Math.Max(accepted.TotalSeconds, (lastCompleted - startedAt).TotalSeconds);
        return new StartsRun(latencies, accepted.TotalSeconds, completed);
    }
}

/// <param name="LatenciesMs">Every start's latency, sorted.</param>
/// <param name="AcceptedSeconds">Until the last start was answered.</param>
/// <param name="CompletedSeconds">Until every job had completed.</param>
/// <param name="WarmUpStarts">Jobs started before the measured ones (by a child process, which warms up on its own).</param>
internal sealed record StartsRun(double[] LatenciesMs, double AcceptedSeconds, double CompletedSeconds, int WarmUpStarts = 0)
{
    public double Percentile(double p) => LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)Math.Ceiling(p * LatenciesMs.Length) - 1)];
}
