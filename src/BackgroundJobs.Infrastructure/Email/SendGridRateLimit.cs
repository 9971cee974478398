using System.Globalization;
using System.Net.Http.Headers;

namespace BackgroundJobs.Infrastructure.Email;

/// <summary>How long SendGrid asks a client to wait, from any of its endpoints' answers.</summary>
internal static class SendGridRateLimit
{
    /// <summary>
    /// <c>Retry-After</c> as delta-seconds or an HTTP date; failing that, SendGrid's own
    /// <c>X-RateLimit-Reset</c> (Unix seconds), which is what its rate limiter sends.
    /// </summary>
    public static TimeSpan? RetryAfterOf(HttpResponseHeaders? headers, DateTimeOffset now)
    {
        if (headers is null)
        {
            return null;
        }

        if (headers.RetryAfter is { } retryAfter)
        {
            var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : null);
            if (wait is { } delay)
            {
                return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
            }
        }

        if (headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var resetSeconds))
        {
            var delay = DateTimeOffset.FromUnixTimeSeconds(resetSeconds) - now;
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }

        return null;
    }
}
