using BackgroundJobs.Core.Retry;

namespace BackgroundJobs.JobTypes.HttpCall;

/// <summary>What an http-call request may ask for, announced in <c>GET /api/job-types</c>.</summary>
public static class HttpCallLimits
{
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Stored answers keep at most this much of the body; the rest is cut and marked <c>bodyTruncated</c>.</summary>
    public const int MaxResponseBodyBytes = 1024 * 1024;

    public const int DefaultTimeoutSeconds = 30;

    public const int MaxTimeoutSeconds = 300;

    public const int DefaultMaxAttempts = 5;

    public const int MaxAttempts = 10;

    public const int MaxHeaders = 50;

    public const int MaxHeaderValueChars = 8192;

    public static IReadOnlyList<string> Methods { get; } = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    /// <summary>
    /// The platform's backoff (jittered, doubling from 1 s up to 2 min) with the request's attempts; a
    /// <c>Retry-After</c> longer than the backoff is waited for instead (up to <see cref="JobRetry.MaxRetryAfter"/>).
    /// </summary>
    public static BackoffPolicy RetryPolicy(int maxAttempts) =>
        new(maxAttempts, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), TimeSpan.FromHours(1));

    public static IReadOnlyDictionary<string, object> Announced { get; } = new Dictionary<string, object>(StringComparer.Ordinal)
    {
        ["maxBodyBytes"] = MaxBodyBytes,
        ["maxResponseBodyBytes"] = MaxResponseBodyBytes,
        ["maxTimeoutSeconds"] = MaxTimeoutSeconds,
        ["maxAttempts"] = MaxAttempts,
        ["maxHeaders"] = MaxHeaders,
    };
}
