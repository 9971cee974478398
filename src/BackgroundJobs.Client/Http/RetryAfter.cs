using System.Net.Http.Headers;

namespace BackgroundJobs.Client.Http;

internal static class RetryAfter
{
    /// <summary>The wait a <c>Retry-After</c> header asks for (seconds or a date), or null when there is none.</summary>
    public static TimeSpan? From(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? (date > now ? date - now : TimeSpan.Zero) : null;
    }
}
