using System.Globalization;

namespace BackgroundJobs.Bench.Compare;

/// <summary>
/// <c>--compare</c>: the side-by-side run against the peers' harness. The sizes are the peers' own
/// knobs, passed on to them, so both sides always do the same work.
/// </summary>
/// <param name="Peers">The peers folder (a writable copy of <c>shared/peers</c>, see <c>bench/compare.sh</c>), or null to run ours alone.</param>
/// <param name="PeerSystems">The peers' <c>BENCH_SYSTEMS</c>: <c>bullmq</c>, and <c>hangfire-inmemory</c> / <c>hangfire-redis</c> if wanted.</param>
/// <param name="Rounds">Both sides in turn, this many times, each a fresh process with its own warm-up (<c>BENCH_ROUNDS</c>).</param>
/// <param name="Reps">Measured repetitions per workload in each round (<c>BENCH_REPS</c>).</param>
/// <param name="WarmUpSeconds">Unmeasured full-size runs of each workload for at least this long, at least one (<c>BENCH_WARMUP_S</c>).</param>
/// <param name="Recipients">The e-mail: this many recipients, in batches (peer jobs) of 1,000.</param>
/// <param name="Jobs">Jobs end to end: one-recipient bulk e-mail jobs over HTTP (<c>BENCH_N</c>).</param>
/// <param name="Clients">Concurrent HTTP clients starting those jobs.</param>
/// <param name="FanOut">Activities fanned out and joined (<c>BENCH_FANOUT</c>).</param>
/// <param name="LatencyStarts">Sequential starts timed one by one (<c>BENCH_LAT_N</c>).</param>
/// <param name="QuietWaitSeconds">How long the peers' run.sh waits for a quiet machine before each system (<c>BENCH_QUIET_WAIT</c>).</param>
internal sealed record CompareArgs(
    string? Peers,
    string PeerSystems,
    int Rounds,
    int Reps,
    int WarmUpSeconds,
    int Recipients,
    int Jobs,
    int Clients,
    int FanOut,
    int LatencyStarts,
    int QuietWaitSeconds)
{
    public const string Flag = "--compare";

    /// <summary>The recipients of one peer job and of one of our batches.</summary>
    public const int BatchSize = 1000;

    public static CompareArgs Parse(string[] args)
    {
        var line = new CommandLine(args);
        var peers = line.Value("--peers", "none");
        var options = new CompareArgs(
            peers == "none" ? null : Path.GetFullPath(peers),
            line.Value("--peer-systems", "bullmq"),
            line.Number("--rounds", 3),
            line.Number("--reps", 3),
            line.Number("--warm-up-seconds", 10),
            line.Number("--recipients", 100_000),
            line.Number("--jobs", 10_000),
            line.Number("--clients", 32),
            line.Number("--fan-out", 1000),
            line.Number("--latency-starts", 2000),
            line.Number("--quiet-wait-seconds", 30));
        if (options.Recipients % BatchSize != 0 || options.Recipients <= 0)
        {
            throw new ArgumentException($"--recipients must be a positive multiple of {BatchSize} (the peer sends 1,000 per job).");
        }

        return options;
    }

    /// <summary>The same options as arguments, for our side's child process.</summary>
    public IEnumerable<string> ToArguments() =>
    [
        "--reps", Text(Reps), "--warm-up-seconds", Text(WarmUpSeconds), "--recipients", Text(Recipients), "--jobs", Text(Jobs),
        "--clients", Text(Clients), "--fan-out", Text(FanOut), "--latency-starts", Text(LatencyStarts),
    ];

    /// <summary>The peers' knobs (shared/peers/README.md) for the same sizes.</summary>
    public Dictionary<string, string> PeerEnvironment() => new()
    {
        ["BENCH_SYSTEMS"] = PeerSystems,
        ["BENCH_WORKLOADS"] = "throughput,fanout,latency",
        ["BENCH_ROUNDS"] = "1",
        ["BENCH_REPS"] = Text(Reps),
        ["BENCH_WARMUP_S"] = Text(WarmUpSeconds),
        ["BENCH_N"] = Text(Jobs),
        ["BENCH_FANOUT"] = Text(FanOut),
        ["BENCH_LAT_N"] = Text(LatencyStarts),
        ["BENCH_QUIET_WAIT"] = Text(QuietWaitSeconds),
    };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
