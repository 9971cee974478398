namespace BackgroundJobs.Client.Jobs;

/// <summary>A running job's stage, how many of its units of work are done, and its counters (e.g. <c>sent</c>).</summary>
public sealed record JobProgress(string Stage, int Done, int Total, IReadOnlyDictionary<string, long>? Counts, int Percent)
{
    /// <summary>For a scheduled job: when it starts.</summary>
    public DateTimeOffset? RunAt { get; init; }
}
