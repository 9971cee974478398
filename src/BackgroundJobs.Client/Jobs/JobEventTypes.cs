namespace BackgroundJobs.Client.Jobs;

/// <summary>The <see cref="JobEvent.Type"/> values.</summary>
public static class JobEventTypes
{
    public const string Progress = "job.progress";
    public const string Completed = "job.completed";
    public const string Failed = "job.failed";
    public const string Canceled = "job.canceled";
}
