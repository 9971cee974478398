namespace BackgroundJobs.Api.Schedules;

/// <summary>What one occurrence of a schedule did.</summary>
public enum ScheduleOutcome
{
    Started,

    /// <summary>The previous run was still going: a schedule runs as a singleton.</summary>
    Skipped,

    /// <summary>The source blob is missing or unreadable; nothing was started.</summary>
    Refused,
}
