using System.Text.Json;

namespace BackgroundJobs.Api.Schedules;

/// <summary>A schedule as <c>GET /api/schedules</c> shows it: its definition, next occurrence and last outcomes.</summary>
public sealed record ScheduleView(
    string Name,
    string Cron,
    string TimeZone,
    string JobType,
    JsonElement Request,
    string Overlap,
    string CatchUp,
    bool Paused,
    DateTimeOffset? NextOccurrence,
    DateTimeOffset? LastOccurrence,
    IReadOnlyList<ScheduleOccurrence> Outcomes,
    string ETag);
