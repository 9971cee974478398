namespace BackgroundJobs.Core.Retry;

/// <summary>
/// Thrown by an activity when another attempt may succeed (rate limit, 5xx, timeout). The retry
/// handler retries this type and the SDKs' storage and network errors, nothing else;
/// <see cref="RetryAfter"/> travels in the message (see
/// <see cref="RetryAfterHint"/>) because only the type name and message reach the orchestrator on
/// every host.
/// </summary>
public sealed class TransientFailureException : Exception
{
    public TransientFailureException()
    {
    }

    public TransientFailureException(string message)
        : base(message)
    {
    }

    public TransientFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TransientFailureException(string message, TimeSpan? retryAfter)
        : base(RetryAfterHint.Append(message, retryAfter))
    {
        RetryAfter = retryAfter;
    }

    public TimeSpan? RetryAfter { get; }
}
