namespace BackgroundJobs.Client.Jobs;

/// <summary>A job's lifecycle as the API reports it (<c>pending</c>, <c>running</c>, ...).</summary>
public enum JobStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Canceled,
    Suspended,

    /// <summary>Started for later (<c>runAt</c>, <c>delaySeconds</c>): it waits, and can be canceled.</summary>
    Scheduled,
}
