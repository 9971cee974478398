namespace BackgroundJobs.Core.Jobs;

/// <summary>The lifecycle of a job as clients see it, mapped from the engine's runtime status.</summary>
public enum JobStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Canceled,
    Suspended,

    /// <summary>Started for later (<c>runAt</c>, <c>delaySeconds</c>): it waits on a durable timer, and can be canceled.</summary>
    Scheduled,
}
