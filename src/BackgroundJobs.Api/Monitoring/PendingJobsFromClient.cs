using BackgroundJobs.Core.Telemetry;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Monitoring;

/// <summary>
/// Counts the jobs still <c>Pending</c> (scheduled, not yet picked up) with <see cref="PendingJobs"/>,
/// and keeps the answer for <see cref="CacheFor"/> so that frequent scrapes cost
/// one listing at most that often. Internal instances (chunks, notifications) are not jobs and are
/// left out. Listing is linear in the pending instances; reading the task hub's queues is the later,
/// cheaper way behind the same interface.
/// </summary>
public sealed class PendingJobsFromClient(DurableTaskClient client, TimeProvider time) : IPendingJobs, IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim gate = new(1, 1);
    private (PendingJobsSnapshot Snapshot, DateTimeOffset At)? cached;

    public async Task<PendingJobsSnapshot?> GetAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (cached is { } hit && now - hit.At < CacheFor)
            {
                return hit.Snapshot;
            }

            var snapshot = await PendingJobs.ReadAsync(client, now, cancellationToken);
            cached = (snapshot, now);
            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
