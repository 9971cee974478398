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
/// <param name="CostJobs">One-batch jobs the storage_cost figure runs at once and divides its counts by.</param>
/// <param name="CostBatches">The batches of the storage_cost figure's large job (100 recipients each).</param>
/// <param name="TimelineRuns">How many 100k e-mails the bulk_email_timeline figure times, one line each.</param>
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
    int LoadTimeoutMinutes,
    int CostJobs,
    int CostBatches,
    int TimelineRuns)
{
    /// <summary>The figures the <c>speed</c> scenario prints; each can also be asked for alone.</summary>
    public static readonly string[] SpeedScenarios = ["bulk_email", "job_starts", "fan_out", "jobs_with_activities"];

    public static Args Parse(string[] args)
    {
        var line = new CommandLine(args);
        return new Args(
            line.Value("--engine", "InMemory"),
            line.Number("--recipients", 100000),
            line.Number("--starts", 1000),
            line.Number("--clients", 32),
            line.Number("--fan-out", 1000),
            line.Number("--jobs", 1000),
            line.Value("--scenarios", "speed,load").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase),
            line.Number("--load-jobs", 2000),
            line.Number("--load-clients", 64),
            line.Number("--memory-jobs", 10000),
            line.Value("--report-rows", string.Empty) is { Length: > 0 } rows ? int.Parse(rows, CultureInfo.InvariantCulture) : null,
            line.Value("--report-format", "csv"),
            line.Number("--warm-up-starts", 10000),
            line.Number("--start-rate", 1000),
            line.Number("--rate-seconds", 5),
            line.Number("--load-timeout-minutes", 15),
            line.Number("--cost-jobs", 10),
            line.Number("--cost-batches", 100),
            line.Number("--timeline-runs", 3));
    }
}
