using System.Globalization;

namespace BackgroundJobs.Bench;

/// <param name="Scenarios">Which groups of figures: <c>speed</c> (or one of <see cref="SpeedScenarios"/>), <c>load</c>, <c>memory</c>.</param>
/// <param name="ReportRows">When set, only the report figure runs, for this many rows (one size per process).</param>
/// <param name="WarmUpStarts">
/// Jobs started before the figures on the in-memory engine. The runtime recompiles hot code with
/// profile data for half a minute or more after start-up; until then a job costs several times the
/// CPU it costs a server that has run a while, which is what the figures are meant to describe.
/// </param>
/// <param name="StartRate">The open-loop start figure's steady rate (starts per second).</param>
/// <param name="RateSeconds">How long the open-loop start figure sends at that rate.</param>
/// <param name="LoadTimeoutMinutes">How long the load run waits for its jobs to end before it counts the rest as unfinished.</param>
internal sealed record Args(
    string Engine,
    int Recipients,
    int Starts,
    int Clients,
    int FanOut,
    int Jobs,
    IReadOnlySet<string> Scenarios,
    int LoadJobs,
    int LoadClients,
    int MemoryJobs,
    int? ReportRows,
    string ReportFormat,
    int WarmUpStarts,
    int StartRate,
    int RateSeconds,
    int LoadTimeoutMinutes)
{
    /// <summary>The figures the <c>speed</c> scenario prints; each can also be asked for alone.</summary>
    public static readonly string[] SpeedScenarios = ["bulk_email", "job_starts", "fan_out", "jobs_with_activities"];

    public static Args Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        int Number(string name, string fallback) => int.Parse(Value(name, fallback), CultureInfo.InvariantCulture);

        return new Args(
            Value("--engine", "InMemory"),
            Number("--recipients", "100000"),
            Number("--starts", "1000"),
            Number("--clients", "32"),
            Number("--fan-out", "1000"),
            Number("--jobs", "1000"),
            Value("--scenarios", "speed,load").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase),
            Number("--load-jobs", "2000"),
            Number("--load-clients", "64"),
            Number("--memory-jobs", "10000"),
            Value("--report-rows", string.Empty) is { Length: > 0 } rows ? int.Parse(rows, CultureInfo.InvariantCulture) : null,
            Value("--report-format", "csv"),
            Number("--warm-up-starts", "10000"),
            Number("--start-rate", "1000"),
            Number("--rate-seconds", "5"),
            Number("--load-timeout-minutes", "15"));
    }
}
