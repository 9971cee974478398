namespace BackgroundJobs.Core.Retry;

/// <summary>
/// Exponential backoff with jitter for activity retries. Jitter is drawn from a hash of the
/// instance id, the task and the attempt, never from <see cref="Random"/>, so an orchestration
/// replays with exactly the delays it first chose.
/// </summary>
/// <param name="MaxTotalTime">No retry starts after this much time has gone into retrying.</param>
public sealed record BackoffPolicy(int MaxAttempts, TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan MaxTotalTime)
{
    public static BackoffPolicy Default { get; } = new(8, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), TimeSpan.FromHours(1));

    /// <summary>
    /// The wait before the next attempt: <c>FirstDelay * 2^(attempt-1)</c> capped at
    /// <see cref="MaxDelay"/>, then scaled into [50%, 100%] ("equal jitter"), so that batches that
    /// failed together do not all come back at once.
    /// </summary>
    public TimeSpan DelayBeforeRetry(int failedAttempt, string jitterKey)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        var exponent = Math.Min(failedAttempt - 1, 30);
        var ceiling = Math.Min(FirstDelay.TotalMilliseconds * Math.Pow(2, exponent), MaxDelay.TotalMilliseconds);
        var unit = StableHash.ToUnitInterval($"{jitterKey}#{failedAttempt}");
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (0.5 * unit)));
    }
}
