using BackgroundJobs.Core.Telemetry;

namespace BackgroundJobs.Functions.Monitoring;

/// <summary>
/// The queue gauges' reading on the Functions host. Durable Functions hands its client only to
/// functions, so the gauges cannot count when they are collected; <see cref="RecordPendingJobs"/>
/// counts on a timer and leaves its reading here. A reading older than <see cref="MaxAge"/> is not
/// reported: an instance that does not run the timer (timer triggers run on one instance at a time)
/// reports no gauge rather than a stale one.
/// </summary>
public sealed class LatestPendingJobs(TimeProvider time) : IPendingJobs
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(2);

    private (PendingJobsSnapshot Snapshot, DateTimeOffset At)? latest;

    public void Record(PendingJobsSnapshot snapshot, DateTimeOffset at) => latest = (snapshot, at);

    public Task<PendingJobsSnapshot?> GetAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(latest is { } reading && time.GetUtcNow() - reading.At <= MaxAge ? reading.Snapshot : null);
}
