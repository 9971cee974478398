using BackgroundJobs.Core.Monitoring;

namespace BackgroundJobs.Api.Monitoring;

/// <summary>The body of <c>GET /api/monitor</c>.</summary>
/// <param name="WindowFrom">Counts by status and type, failures and throughput cover the jobs created since then.</param>
/// <param name="JobsByStatus">Jobs created in the window, by status name.</param>
/// <param name="JobsByType">Jobs created in the window, by type name.</param>
/// <param name="FailuresLastHour">Jobs of the window that failed in the last hour.</param>
/// <param name="OldestPendingAgeSeconds">How long the oldest pending job (of any age) has waited; null when none waits.</param>
/// <param name="FailuresOverTime">Jobs of the window that failed, per quarter hour of the last 24 hours, by the time they failed.</param>
/// <param name="CompletedPerMinute">Jobs completed per minute over the last <paramref name="ThroughputMinutes"/> minutes.</param>
public sealed record MonitorSnapshot(
    DateTimeOffset At,
    DateTimeOffset WindowFrom,
    QueueDepth QueueDepth,
    IReadOnlyDictionary<string, int> JobsByStatus,
    IReadOnlyDictionary<string, int> JobsByType,
    int FailuresLastHour,
    double? OldestPendingAgeSeconds,
    double CompletedPerMinute,
    int ThroughputMinutes,
    FailureSeries FailuresOverTime);
