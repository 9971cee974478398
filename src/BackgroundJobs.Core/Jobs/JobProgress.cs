namespace BackgroundJobs.Core.Jobs;

/// <summary>
/// What a running job reports through the orchestration's custom status: its stage, how many of its
/// units of work are done, and counters such as recipients sent and failed.
/// </summary>
public sealed record JobProgress(string Stage, int Done, int Total, IReadOnlyDictionary<string, long>? Counts = null)
{
    /// <summary>The stage of a job that waits for its <see cref="Notifications.IJobRequest.RunAt"/>: its status reads <c>scheduled</c>.</summary>
    public const string ScheduledStage = "scheduled";

    /// <summary>Set while the job waits to start: when it will.</summary>
    public DateTimeOffset? RunAt { get; init; }

    public int Percent => Total <= 0 ? 0 : (int)Math.Min(100, Done * 100L / Total);
}
