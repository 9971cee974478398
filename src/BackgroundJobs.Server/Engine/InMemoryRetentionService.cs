using BackgroundJobs.Api.Jobs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Server.Engine;

/// <summary>
/// <c>Engine:InMemoryRetention</c>: the in-memory engine keeps every instance, with its history, in
/// the server's memory until it is purged (about 9 KB a small job, and what every garbage collection
/// has to look through). Finished instances (completed, failed, terminated) whose last change is
/// older than the retention are purged: a job as <c>DELETE /api/jobs/{id}</c> purges it (its
/// sub-instances and blobs with it), any other instance with its finished sub-instances. A job with
/// a notification still delivering waits for the next run; running instances are never touched.
/// The engine loses them all on restart anyway. Nothing to do on Azure Storage (<c>Jobs:RetentionDays</c> applies there).
/// </summary>
internal sealed class InMemoryRetentionService(
    IOptions<EngineOptions> options,
    DurableTaskClient client,
    JobPurger purger,
    TimeProvider time,
    ILogger<InMemoryRetentionService> logger) : BackgroundService
{
    // A run every half retention, so an instance is gone within 1.5 retentions of finishing; at
    // least once a minute at the default hour, and no busier than every 50 ms for a test's short one.
    private TimeSpan Interval => TimeSpan.FromTicks(Math.Clamp(options.Value.InMemoryRetention.Ticks / 2, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromMinutes(1).Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Kind != EngineKind.InMemory)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var purged = await PurgeExpiredAsync(stoppingToken);
                if (purged > 0)
                {
                    Logs.InMemoryRetentionPurged(logger, purged, options.Value.InMemoryRetention);
                }
            }
#pragma warning disable CA1031 // One failed run must not end the purging; the next run tries again.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                Logs.InMemoryRetentionFailed(logger, ex);
            }
        }
    }

    /// <returns>How many top-level instances were purged.</returns>
    private async Task<int> PurgeExpiredAsync(CancellationToken cancellation)
    {
        var cutoff = time.GetUtcNow() - options.Value.InMemoryRetention;

        // The ids are gathered first: purging while paging would move the engine's continuation under it.
        var expired = new HashSet<string>(StringComparer.Ordinal);
        var query = new OrchestrationQuery { CreatedTo = cutoff, Statuses = SubInstances.Finished, FetchInputsAndOutputs = false };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellation))
        {
            if (instance.LastUpdatedAt <= cutoff)
            {
                expired.Add(instance.InstanceId);
            }
        }

        var purged = 0;
        foreach (var id in expired)
        {
            purged += await PurgeAsync(id, expired, cancellation) ? 1 : 0;
        }

        return purged;
    }

    private async Task<bool> PurgeAsync(string id, HashSet<string> expired, CancellationToken cancellation)
    {
        // A sub-instance ({parent}:...) goes with its parent, unless the parent is already gone.
        var separator = id.IndexOf(':', StringComparison.Ordinal);
        if (separator >= 0)
        {
            var parent = id[..separator];
            if (!expired.Contains(parent) && await client.GetInstanceAsync(parent, cancellation) is null)
            {
                await client.PurgeInstanceAsync(id, cancellation: cancellation);
            }

            return false;
        }

        // A finished job may still be delivering its notifications; they are not cut short.
        var outcome = await purger.PurgeAsync(client, id, leaveDeliveringJobs: true, cancellation);
        if (outcome != PurgeOutcome.NotFound)
        {
            return outcome == PurgeOutcome.Purged;
        }

        // Not a job: an internal instance, with its sub-instances once none is still running.
        return (await JobSubInstances.FindAsync(client, id, SubInstances.Active, cancellation)).Count == 0
            && (await client.PurgeInstanceAsync(id, new PurgeInstanceOptions(Recursive: true), cancellation)).PurgedInstanceCount > 0;
    }
}
