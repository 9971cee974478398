using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BackgroundJobs.Bench;

/// <summary>
/// Starts small bulk e-mail jobs over HTTP from many clients at once and times each start, then
/// waits until every job completed. It runs in the benchmark's process or, so that the clients share
/// no thread pool with the server they measure (as real clients never do), in a process of its own.
/// </summary>
internal static class JobStarts
{
    public const string ChildArgument = "--job-starts-client";

    /// <summary>Closed loop: <paramref name="clients"/> clients, each sending its next start as soon as the last is answered.</summary>
    public static async Task<StartsRun> RunAsync(HttpClient http, int starts, int clients)
    {
        var run = new Run(starts);
        var next = -1;
        var workers = Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < starts)
            {
                await run.StartAsync(http, i, run.Clock.Elapsed);
            }
        }).ToList();
        await Task.WhenAll(workers);
        return await run.FinishAsync(http);
    }

    /// <summary>
    /// Open loop: starts sent at a steady <paramref name="perSecond"/>, whether or not earlier ones were
    /// answered, as independent users arrive. Each latency counts from when its start was due, so a
    /// server that falls behind shows it in the latencies instead of slowing the senders down.
    /// </summary>
    public static async Task<StartsRun> RunAtRateAsync(HttpClient http, int starts, double perSecond)
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

            sends.Add(run.StartAsync(http, i, due));
        }

        await Task.WhenAll(sends);
        return await run.FinishAsync(http);
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
        using var http = Client(new Uri(args[1]), args[2]);
        var (starts, clients) = (int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
        var perSecond = double.Parse(args[5], CultureInfo.InvariantCulture);

        // A fresh process: its own client code is compiled on the first requests, which are not counted.
        var warmUp = Math.Min(starts, 200);
        await RunAsync(http, warmUp, clients);
        var run = perSecond > 0 ? await RunAtRateAsync(http, starts, perSecond) : await RunAsync(http, starts, clients);
        run = run with { WarmUpStarts = warmUp };
        Console.Out.Write(JsonSerializer.Serialize(run));
    }

    /// <summary>A client for many requests at once to one server, with the server's API key.</summary>
    public static HttpClient Client(Uri server, string apiKey)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("x-functions-key", apiKey);
        return http;
    }

    public static async Task<JsonElement> WaitForCompletionAsync(HttpClient http, Uri status)
    {
        while (true)
        {
            using var response = await http.GetAsync(status);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                return body.GetProperty("runtimeStatus").GetString() == "Completed"
                    ? body
                    : throw new InvalidOperationException($"Job ended {body}");
            }

            await Task.Delay(20);
        }
    }
}

/// <summary>One run's starts: each one's latency and status URL, then the wait for every job to complete.</summary>
internal sealed class Run(int starts)
{
    private readonly double[] latencies = new double[starts];
    private readonly Uri[] statusUris = new Uri[starts];

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>Starts job <paramref name="i"/>; its latency counts from <paramref name="since"/> on <see cref="Clock"/>.</summary>
    public async Task StartAsync(HttpClient http, int i, TimeSpan since)
    {
        using var response = await http.PostAsJsonAsync("/api/jobs/bulk-email", new
        {
            subject = "Hi",
            text = "Hello",
            recipients = new[] { new { email = $"start{i}@example.com" } },
        });
        latencies[i] = (Clock.Elapsed - since).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Start {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        statusUris[i] = response.Headers.Location!;
    }

    public async Task<StartsRun> FinishAsync(HttpClient http)
    {
        var accepted = Clock.Elapsed;
        foreach (var status in statusUris)
        {
            await JobStarts.WaitForCompletionAsync(http, status);
        }

        Array.Sort(latencies);
        return new StartsRun(latencies, accepted.TotalSeconds, Clock.Elapsed.TotalSeconds);
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
