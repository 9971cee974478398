using System.Threading.RateLimiting;

namespace BackgroundJobs.Infrastructure.Http;

/// <summary>
/// One token bucket per process and per remote service (a keyed singleton: the CRM, the model
/// endpoint), shared by every activity of every job, so parallel requests together stay under the
/// service's rate. The bucket holds one token refilled every 1/rate seconds: requests are spread
/// evenly rather than sent in bursts, so no one-second window, however it is aligned, sees more
/// than the rate plus one.
/// </summary>
public sealed class RequestPacer(double requestsPerSecond) : IDisposable
{
    private readonly TokenBucketRateLimiter limiter = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = 1,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1 / requestsPerSecond),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    /// <summary>Waits for a token; the lease must be disposed after the request.</summary>
    public async ValueTask<IDisposable> AcquireAsync(CancellationToken cancellationToken = default) =>
        await limiter.AcquireAsync(1, cancellationToken);

    public void Dispose() => limiter.Dispose();
}
