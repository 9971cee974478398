namespace BackgroundJobs.Core.Jobs;

/// <summary>
/// One execution of a job. A job restarted under the same id (restart, or an idempotency key
/// reused after a purge) gets a new <see cref="RunId"/> from the orchestration context, so its
/// working state (batches, send claims, outcomes) never mixes with an earlier run's.
/// </summary>
public sealed record JobRun(string JobId, string RunId)
{
    public override string ToString() => $"{JobId}/{RunId}";
}
