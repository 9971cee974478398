using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BackgroundJobs.StandIns;

namespace BackgroundJobs.Bench.Compare;

/// <summary>
/// Ours and the peers side by side in one invocation: the systems take turns for
/// <see cref="CompareArgs.Rounds"/> rounds (peers, then ours, each a fresh process with its own
/// warm-up), as shared/peers/run.sh interleaves its systems, so that the host's drift (±35 % between
/// runs minutes apart) hits both alike. Then one JSON line per figure: the median of every
/// repetition of every round on each side, and ours divided by the peer's.
/// </summary>
internal static class Comparison
{
    /// <summary>Our figure, the peer workload it is compared with, and the goal for ours ÷ peer (issue 16).</summary>
    private static readonly Figure[] Figures =
    [
        new("bulk_email", "bulk_email", "lower is better", MaxRatio: 1.0),
        new("jobs_end_to_end", "throughput", "higher is better", MinRatio: 0.5),
        new("fan_out", "fanout_fanin", "lower is better", MaxRatio: 0.5),
        new("start_latency_p50", "enqueue_latency_p50", "lower is better"),
        new("start_latency_p99", "enqueue_latency_p99", "lower is better"),
    ];

    public static async Task RunAsync(string[] args)
    {
        var options = CompareArgs.Parse(args);
        Report.Line("machine", new
        {
            cores = Environment.ProcessorCount,
            os = Environment.OSVersion.VersionString,
            dotnet = Environment.Version.ToString(),
            loadAverage = LoadAverage(),
            at = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture),
        });

        await using var sendGrid = await SendGridStandIn.StartAsync();
        var peers = options.Peers is null ? null : new PeerSide(options, sendGrid);
        var ours = new List<(int Round, Measurement Measurement)>();
        var theirs = new List<(int Round, string System, Measurement Measurement)>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            if (peers is not null)
            {
                Console.Error.WriteLine($"[compare] round {round}: peers, load average {LoadAverage()}");
                theirs.AddRange((await peers.RunRoundAsync(round)).Select(p => (round, p.System, p.Measurement)));
            }

            Console.Error.WriteLine($"[compare] round {round}: ours, load average {LoadAverage()}");
            ours.AddRange((await RunOursAsync(options)).Select(m => (round, m)));
        }

        foreach (var figure in Figures)
        {
            var mine = ours.Where(o => o.Measurement.Workload == figure.Ours).ToList();
            if (mine.Count == 0)
            {
                throw new InvalidOperationException($"Our side printed no {figure.Ours}.");
            }

            var systems = theirs.Where(t => t.Measurement.Workload == figure.Peer).GroupBy(t => t.System).ToList();
            if (systems.Count == 0)
            {
                PrintFigure(figure, options, mine, system: null, runs: []);
            }

            foreach (var peer in systems)
            {
                PrintFigure(figure, options, mine, peer.Key, peer.ToList());
            }
        }

        Report.Line("load", new { loadAverageAfter = LoadAverage() });
    }

    private static void PrintFigure(Figure figure, CompareArgs options, List<(int Round, Measurement Measurement)> mine, string? system, List<(int Round, string System, Measurement Measurement)> runs)
    {
        var ours = Median(mine.Select(m => m.Measurement.Value));
        double? peer = runs.Count > 0 ? Median(runs.Select(r => r.Measurement.Value)) : null;
        double? ratio = peer is > 0 ? ours / peer : null;

        // The ratio in each round alone: a figure whose rounds disagree much is noise, not a result.
        var roundRatios = Enumerable.Range(1, options.Rounds)
            .Select(r => (Ours: mine.Where(m => m.Round == r).Select(m => m.Measurement.Value).ToList(), Peer: runs.Where(p => p.Round == r).Select(p => p.Measurement.Value).ToList()))
            .Where(r => r.Ours.Count > 0 && r.Peer.Count > 0)
            .Select(r => Math.Round(Median(r.Ours) / Median(r.Peer), 3))
            .ToList();
        Report.Line("compare", new
        {
            workload = figure.Ours,
            n = mine[0].Measurement.N,
            unit = mine[0].Measurement.Unit,
            ours = Math.Round(ours, 4),
            peer = peer is { } p ? Math.Round(p, 4) : (double?)null,
            peerSystem = system,
            peerWorkload = system is null ? null : figure.Peer,
            ratio = ratio is { } r ? Math.Round(r, 3) : (double?)null,
            better = figure.Better,
            goal = figure.Goal,
            goalMet = ratio is { } value && figure.Goal is not null ? figure.IsMet(value) : (bool?)null,
            roundRatios = roundRatios.Count > 0 ? roundRatios : null,
            oursRuns = mine.Select(m => Math.Round(m.Measurement.Value, 4)),
            peerRuns = runs.Count > 0 ? runs.Select(p => Math.Round(p.Measurement.Value, 4)) : null,
        });
    }

    /// <summary>Our side of one round in a child process (this program with <see cref="OurSide.ChildArgument"/>).</summary>
    private static async Task<List<Measurement>> RunOursAsync(CompareArgs options)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Comparison).Assembly.Location);
        }

        foreach (var argument in options.ToArguments().Prepend(OurSide.ChildArgument))
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start)!;
        var measurements = new List<Measurement>();
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            // Anything else on its standard output (a log line) is passed on, not read as a figure.
            if (line.StartsWith('{'))
            {
                measurements.Add(JsonSerializer.Deserialize<Measurement>(line)!);
            }
            else
            {
                await Console.Error.WriteLineAsync(line);
            }
        }

        await child.WaitForExitAsync();
        return child.ExitCode == 0 ? measurements : throw new InvalidOperationException($"Our side exited {child.ExitCode}.");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed record Figure(string Ours, string Peer, string Better, double? MaxRatio = null, double? MinRatio = null)
    {
        public string? Goal => MaxRatio is { } max ? string.Create(CultureInfo.InvariantCulture, $"<= {max:0.0#}") : MinRatio is { } min ? string.Create(CultureInfo.InvariantCulture, $">= {min:0.0#}") : null;

        public bool IsMet(double ratio) => (MaxRatio is not { } max || ratio <= max) && (MinRatio is not { } min || ratio >= min);
    }
}
