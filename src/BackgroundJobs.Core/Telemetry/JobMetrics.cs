using System.Diagnostics.Metrics;
using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Telemetry;

/// <summary>
/// Counts jobs as they start and end, by <c>job.type</c>, and how long they ran. The meter is static
/// because orchestrators, which record the endings, are not built with dependencies; hosts export it
/// by its name (<see cref="JobTelemetry.SourceName"/>). Infra's alert rules read
/// <see cref="FailedName"/> by name, so the names are part of the contract.
/// </summary>
public static class JobMetrics
{
    public const string StartedName = "jobs.started";
    public const string CompletedName = "jobs.completed";
    public const string FailedName = "jobs.failed";
    public const string DurationName = "jobs.duration";

    private static readonly Meter Meter = new(JobTelemetry.SourceName);
    private static readonly Counter<long> Started = Meter.CreateCounter<long>(StartedName, "{job}", "Jobs scheduled by a start request.");
    private static readonly Counter<long> Completed = Meter.CreateCounter<long>(CompletedName, "{job}", "Jobs that ended completed.");
    private static readonly Counter<long> Failed = Meter.CreateCounter<long>(FailedName, "{job}", "Jobs that ended failed; one per job.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(DurationName, "s", "From the job's orchestration starting to its end, for completed and failed jobs.");

    public static void JobStarted(string jobType) => Started.Add(1, TagFor(jobType));

    /// <summary>Call once per job end, at a point that does not run again on replay.</summary>
    public static void JobEnded(string jobType, JobStatus status, TimeSpan duration)
    {
        var tag = TagFor(jobType);
        var counter = status switch
        {
            JobStatus.Completed => Completed,
            JobStatus.Failed => Failed,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Only completed and failed endings are counted here."),
        };
        counter.Add(1, tag);
        Duration.Record(Math.Max(0, duration.TotalSeconds), tag, new KeyValuePair<string, object?>("job.status", status.ToString().ToLowerInvariant()));
    }

    private static KeyValuePair<string, object?> TagFor(string jobType) => new(JobTelemetry.JobTypeTag, jobType);
}
