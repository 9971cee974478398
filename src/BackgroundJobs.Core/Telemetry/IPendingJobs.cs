namespace BackgroundJobs.Core.Telemetry;

/// <summary>
/// What the queue-depth gauges read: how many jobs wait to start and how long the oldest has waited.
/// The first implementation counts pending instances through the Durable Task client; a later one can
/// read the task hub's queues (issue 5's <c>GET /api/monitor</c>) without the gauges changing.
/// </summary>
public interface IPendingJobs
{
    /// <summary>
    /// May answer from a cache: scrapes come often, and counting is not free. Null when there is no
    /// reading recent enough to report (the gauges then report nothing rather than a stale value).
    /// </summary>
    Task<PendingJobsSnapshot?> GetAsync(CancellationToken cancellationToken = default);
}

/// <param name="OldestAge">Zero when nothing is pending.</param>
public sealed record PendingJobsSnapshot(long Count, TimeSpan OldestAge);
