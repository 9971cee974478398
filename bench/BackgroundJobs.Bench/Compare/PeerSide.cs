using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BackgroundJobs.StandIns;

namespace BackgroundJobs.Bench.Compare;

/// <summary>
/// The peers' side of one round, run with their own harness as it is (shared/peers): <c>run.sh</c>
/// for throughput, fan-out and latency (one round of it; its per-repetition lines are read from
/// <c>out/raw.jsonl</c>), and <c>bullmq/bulk_http.js</c> for the e-mail, pointed at our SendGrid stand-in.
/// </summary>
internal sealed class PeerSide(CompareArgs options, SendGridStandIn sendGrid)
{
    private string Folder => options.Peers!;

    /// <summary>One measurement per repetition, tagged with the peer system that made it.</summary>
    public async Task<List<(string System, Measurement Measurement)>> RunRoundAsync(int round)
    {
        var found = new List<(string, Measurement)>();
        var environment = options.PeerEnvironment();
        environment["BENCH_ROUND"] = round.ToString(CultureInfo.InvariantCulture);
        var exitCode = await RunAsync("run.sh", Path.Combine(Folder, "run.sh"), [], environment);
        if (exitCode != 0)
        {
            Console.Error.WriteLine($"[compare] the peers' run.sh exited {exitCode}; the lines it wrote are used");
        }

        var raw = Path.Combine(Folder, "out", "raw.jsonl");
        foreach (var line in File.Exists(raw) ? await File.ReadAllLinesAsync(raw) : [])
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.GetProperty("value").ValueKind == JsonValueKind.Number)
            {
                found.Add((
                    PeerName(root.GetProperty("system").GetString()!, root.GetProperty("backend").GetString()!),
                    new Measurement(root.GetProperty("workload").GetString()!, root.GetProperty("value").GetDouble(), root.GetProperty("unit").GetString()!, root.GetProperty("n").GetInt32())));
            }
        }

        // bulk_http.js makes one warm-up round and one timed round per call: called once per repetition.
        for (var rep = 1; rep <= options.Reps; rep++)
        {
            var seconds = await BulkHttpAsync();
            Console.Error.WriteLine($"[compare] bullmq bulk_http rep {rep}: {seconds:F4} s");
            found.Add((PeerName("bullmq", "redis"), new Measurement("bulk_email", seconds, "s", options.Recipients)));
        }

        return found;
    }

    // "bullmq/redis-7.0.15" and bulk_http.js's "bullmq/redis" are one peer.
    private static string PeerName(string system, string backend) => system + "/" + backend.Split('-')[0];

    private async Task<double> BulkHttpAsync()
    {
        sendGrid.Reset();
        var output = new List<string>();
        var environment = new Dictionary<string, string>
        {
            ["SINK_URL"] = sendGrid.BaseUrl.TrimEnd('/'),
            ["JOBS"] = (options.Recipients / CompareArgs.BatchSize).ToString(CultureInfo.InvariantCulture),
            ["RECIPIENTS"] = CompareArgs.BatchSize.ToString(CultureInfo.InvariantCulture),
        };
        var exitCode = await RunAsync("bulk_http.js", "node", [Path.Combine(Folder, "bullmq", "bulk_http.js")], environment, output);
        var result = output.LastOrDefault(l => l.StartsWith('{'));
        if (exitCode != 0 || result is null)
        {
            throw new InvalidOperationException($"bulk_http.js exited {exitCode} without its figure.");
        }

        // Its warm-up round and the timed one both went to the stand-in; every recipient of both must have arrived.
        if (sendGrid.AcceptedRecipients.Count != 2 * options.Recipients)
        {
            throw new InvalidOperationException($"bulk_http.js sent {sendGrid.AcceptedRecipients.Count} recipients to the stand-in; expected {2 * options.Recipients}.");
        }

        using var json = JsonDocument.Parse(result);
        return json.RootElement.GetProperty("seconds").GetDouble();
    }

    /// <summary>Runs a peer command in the peers' folder; its standard output is collected, its standard error passed through.</summary>
    private async Task<int> RunAsync(string name, string fileName, IEnumerable<string> arguments, Dictionary<string, string> environment, List<string>? output = null)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = Folder, UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Console.Error.WriteLine($"[compare] peers: {name}");
        using var process = Process.Start(start)!;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            output?.Add(line);
        }

        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
