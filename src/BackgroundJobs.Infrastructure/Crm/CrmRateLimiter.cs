using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Infrastructure.Crm;

/// <summary>
/// One token bucket per process (a singleton), shared by every batch of every sync, so parallel
/// activities together stay under <see cref="CrmOptions.RequestsPerSecond"/>. The bucket holds one
/// token refilled every 1/rate seconds: requests are spread evenly rather than sent in bursts, so no
/// one-second window, however it is aligned, sees more than the rate plus one.
/// </summary>
public sealed class CrmRateLimiter(IOptions<CrmOptions> options) : IDisposable
{
    private readonly TokenBucketRateLimiter limiter = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = 1,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1 / options.Value.RequestsPerSecond),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    /// <summary>Waits for a token; the lease must be disposed after the request.</summary>
    public async ValueTask<IDisposable> AcquireAsync(CancellationToken cancellationToken = default) =>
        await limiter.AcquireAsync(1, cancellationToken);

    public void Dispose() => limiter.Dispose();
}
