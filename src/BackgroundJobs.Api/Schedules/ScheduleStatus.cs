namespace BackgroundJobs.Api.Schedules;

/// <summary>
/// A schedule's last occurrence, as <c>GET /api/schedules</c> shows it: what it did and why, the job
/// it started (or found still running), and how many occurrences have been skipped in all.
/// </summary>
public sealed record ScheduleStatus(
    string Name,
    string? Cron,
    string? SourceBlob,
    DateTimeOffset LastOccurrence,
    ScheduleOutcome LastOutcome,
    string? JobId,
    string Message,
    int SkippedRuns);
