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

    public static async Task<StartsRun> RunAsync(HttpClient http, int starts, int clients)
    {
        var latencies = new double[starts];
        var next = -1;
        var statusUris = new Uri[starts];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < starts)
            {
                var one = Stopwatch.StartNew();
                using var response = await http.PostAsJsonAsync("/api/jobs/bulk-email", new
                {
                    subject = "Hi",
                    text = "Hello",
                    recipients = new[] { new { email = $"start{i}@example.com" } },
                });
                latencies[i] = one.Elapsed.TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"Start {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }

                statusUris[i] = response.Headers.Location!;
            }
        }).ToList();
        await Task.WhenAll(workers);
        var accepted = clock.Elapsed;
        foreach (var status in statusUris)
        {
            await WaitForCompletionAsync(http, status);
        }

        Array.Sort(latencies);
        return new StartsRun(latencies, accepted.TotalSeconds, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The same run from a child process; what it measured comes back on its standard output.</summary>
    public static async Task<StartsRun> RunInChildProcessAsync(Uri server, string apiKey, int starts, int clients)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(JobStarts).Assembly.Location);
        }

        foreach (var argument in new[] { ChildArgument, server.ToString(), apiKey, starts.ToString(CultureInfo.InvariantCulture), clients.ToString(CultureInfo.InvariantCulture) })
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

    /// <summary>The child's side: <c>--job-starts-client URL KEY STARTS CLIENTS</c>.</summary>
    public static async Task RunAsChildAsync(string[] args)
    {
        using var http = Client(new Uri(args[1]), args[2]);
        var (starts, clients) = (int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));

        // A fresh process: its own client code is compiled on the first requests, which are not counted.
        var warmUp = Math.Min(starts, 200);
        await RunAsync(http, warmUp, clients);
        var run = await RunAsync(http, starts, clients) with { WarmUpStarts = warmUp };
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

/// <param name="LatenciesMs">Every start's latency, sorted.</param>
/// <param name="AcceptedSeconds">Until the last start was answered.</param>
/// <param name="CompletedSeconds">Until every job had completed.</param>
/// <param name="WarmUpStarts">Jobs started before the measured ones (by a child process, which warms up on its own).</param>
internal sealed record StartsRun(double[] LatenciesMs, double AcceptedSeconds, double CompletedSeconds, int WarmUpStarts = 0)
{
    public double Percentile(double p) => LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)Math.Ceiling(p * LatenciesMs.Length) - 1)];
}
