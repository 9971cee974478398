namespace BackgroundJobs.Api.Schedules;

/// <summary>What one occurrence of a schedule did.</summary>
public enum ScheduleOutcome
{
    Started,

    /// <summary>The previous run was still going: a schedule runs as a singleton.</summary>
    Skipped,

    /// <summary>The job type or its request is no longer valid (a deleted blob, a removed type); nothing was started.</summary>
    Refused,
}
