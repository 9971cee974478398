using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// Purges a finished job: its notification and webhook instances (terminated first if still
/// active), its chunks, the job's own instance, and its blobs. The blobs and sub-instances go before
/// the job, so a purge that stops half-way can be repeated on the job's id.
/// </summary>
public sealed class JobPurger(IBlobStore blobs, TimeProvider time)
{
    // A terminated instance is marked so by the engine's worker, not at once; this bounds the wait.
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SettlePollInterval = TimeSpan.FromMilliseconds(100);

    public Task<PurgeOutcome> PurgeAsync(DurableTaskClient client, string id, CancellationToken cancellationToken = default) =>
        PurgeAsync(client, id, leaveDeliveringJobs: false, cancellationToken);

    /// <param name="leaveDeliveringJobs">
    /// True: a job whose notifications are still delivering is left as it is (<see cref="PurgeOutcome.Running"/>),
    /// for a sweep that comes back later; false: they are terminated and go with the job, as an operator's purge asks.
    /// </param>
    public async Task<PurgeOutcome> PurgeAsync(DurableTaskClient client, string id, bool leaveDeliveringJobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await JobQueries.FindJobAsync(client, id, getInputsAndOutputs: false, cancellationToken);
        if (instance is null)
        {
            return PurgeOutcome.NotFound;
        }

        if (!instance.IsCompleted)
        {
            return PurgeOutcome.Running;
        }

        // A finished job's notifications may still be delivering; they are the job's own and go with it.
        var subInstances = await JobSubInstances.FindAsync(client, id, statuses: null, cancellationToken);
        if (leaveDeliveringJobs && subInstances.Any(s => !s.IsCompleted))
        {
            return PurgeOutcome.Running;
        }

        foreach (var active in subInstances.Where(s => !s.IsCompleted))
        {
            await client.TerminateInstanceAsync(active.InstanceId, "The job is being purged.", cancellationToken);
        }

        var deadline = time.GetUtcNow() + SettleTimeout;
        while (subInstances.Any(s => !s.IsCompleted) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(SettlePollInterval, time, cancellationToken);
            subInstances = await JobSubInstances.FindAsync(client, id, statuses: null, cancellationToken);
        }

        if (subInstances.Any(s => !s.IsCompleted))
        {
            return PurgeOutcome.Running;
        }

        await DeleteBlobsAsync(blobs, id, cancellationToken);
        foreach (var sub in subInstances)
        {
            await client.PurgeInstanceAsync(sub.InstanceId, cancellation: cancellationToken);
        }

        await client.PurgeInstanceAsync(id, cancellation: cancellationToken);
        return PurgeOutcome.Purged;
    }

    /// <summary>
    /// A job's blobs. The idempotency record goes first: a purge that stops half-way leaves a job
    /// that still answers its key (JobStarter compares its input), never a record that would start
    /// the job again.
    /// </summary>
    public static async Task DeleteBlobsAsync(IBlobStore blobs, string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        await blobs.DeletePrefixAsync(BlobNames.IdempotencyRecord(jobId), cancellationToken);
        await blobs.DeletePrefixAsync(BlobNames.JobPrefix(jobId), cancellationToken);
        await blobs.DeletePrefixAsync(BlobNames.ResultsPrefix(jobId), cancellationToken);
    }
}

public enum PurgeOutcome
{
    Purged,
    Running,
    NotFound,
}
