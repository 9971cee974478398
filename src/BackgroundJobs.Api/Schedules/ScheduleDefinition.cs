using System.Text.Json;

namespace BackgroundJobs.Api.Schedules;

/// <summary>The body of <c>PUT /api/schedules/{name}</c>, and as checked and stored, a schedule.</summary>
public sealed record ScheduleDefinition
{
    /// <summary>Cronos syntax, 5 fields (minutes first) or 6 (seconds first).</summary>
    public string? Cron { get; init; }

    /// <summary>IANA zone the cron is read in; UTC when absent. DST gaps and overlaps are handled as Cronos does.</summary>
    public string? TimeZone { get; init; }

    public string? JobType { get; init; }

    /// <summary>The body each run is started with, checked by the job type's validator when the schedule is saved.</summary>
    public JsonElement? Request { get; init; }

    /// <summary><see cref="ScheduleOverlap.Skip"/> (the default) or <see cref="ScheduleOverlap.Allow"/>.</summary>
    public string? Overlap { get; init; }

    /// <summary><see cref="ScheduleCatchUp.None"/> (the default) or <see cref="ScheduleCatchUp.Latest"/>.</summary>
    public string? CatchUp { get; init; }

    public bool? Paused { get; init; }
}

public static class ScheduleOverlap
{
    /// <summary>While the last run is pending, running or suspended, an occurrence starts nothing and records a skip.</summary>
    public const string Skip = "skip";

    public const string Allow = "allow";
}

public static class ScheduleCatchUp
{
    /// <summary>An occurrence noticed later than <see cref="ScheduleRunner.OnTimeWindow"/> after it (downtime) is not run.</summary>
    public const string None = "none";

    /// <summary>After downtime, the most recent missed occurrence runs once.</summary>
    public const string Latest = "latest";
}
