using BackgroundJobs.Core.Jobs;
using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Retry;

/// <summary>
/// Retry options for activity calls. Built on <see cref="TaskOptions.FromRetryHandler(AsyncRetryHandler)"/>
/// because <see cref="RetryPolicy"/> has neither jitter nor a way to honour <c>Retry-After</c>.
/// </summary>
public static class JobRetry
{
    /// <summary>
    /// Retries <see cref="TransientFailureException"/> and unexpected errors (storage hiccups, a lost
    /// worker) with jittered exponential backoff, waiting at least the server's <c>Retry-After</c>.
    /// Gives up at once on <see cref="InvalidJobInputException"/>.
    /// </summary>
    public static TaskOptions Options(BackoffPolicy policy, string jitterKey) =>
        TaskOptions.FromRetryHandler(async context =>
        {
            if (!ShouldRetry(policy, context.LastAttemptNumber, context.LastFailure))
            {
                return false;
            }

            var orchestration = context.OrchestrationContext;
            var delay = NextDelay(policy, context.LastAttemptNumber, context.LastFailure, $"{orchestration.InstanceId}/{jitterKey}");
            await orchestration.CreateTimer(delay, context.CancellationToken);
            return true;
        });

    public static bool ShouldRetry(BackoffPolicy policy, int lastAttemptNumber, TaskFailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(failure);
        return lastAttemptNumber < policy.MaxAttempts
            && !string.Equals(failure.ErrorType, typeof(InvalidJobInputException).FullName, StringComparison.Ordinal);
    }

    public static TimeSpan NextDelay(BackoffPolicy policy, int lastAttemptNumber, TaskFailureDetails failure, string jitterKey)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(failure);
        var backoff = policy.DelayBeforeRetry(lastAttemptNumber, jitterKey);
        var retryAfter = RetryAfterHint.Parse(failure.ErrorMessage);
        return retryAfter is { } serverAsked && serverAsked > backoff ? serverAsked : backoff;
    }
}
