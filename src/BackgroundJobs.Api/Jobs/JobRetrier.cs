using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// Runs a failed or canceled job again, with its original input, as a new job. The old job's
/// <c>retried-by</c> record is created atomically before anything is scheduled: whoever creates it
/// starts the retry, and every later request (or a second bulk retry) finds it and starts nothing.
/// </summary>
public sealed class JobRetrier(IBlobStore blobs, TimeProvider time, JobTypeAvailability availability)
{
    public static readonly OrchestrationRuntimeStatus[] Retryable = [OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    public async Task<RetryResult> RetryAsync(DurableTaskClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await JobQueries.FindJobAsync(client, id, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return new RetryResult(RetryOutcome.NotFound, id, null, null);
        }

        if (!Retryable.Contains(instance.RuntimeStatus))
        {
            return new RetryResult(RetryOutcome.NotRetryable, id, null, instance.RuntimeStatus.ToJobStatus());
        }

        // A retry is a new start: a host that lacks the type's settings refuses it as it refuses a start.
        var jobType = JobTypeRegistry.TypeNameOf(instance.Name);
        if (jobType is not null && availability.Refusal(jobType) is { } refusal)
        {
            return new RetryResult(RetryOutcome.NotConfigured, id, null, null) { Refusal = refusal };
        }

        var link = new JobRetryLink(id, Guid.NewGuid().ToString("N"), time.GetUtcNow());
        if (!await blobs.TryCreateJsonAsync(BlobNames.JobRetriedBy(id), link, cancellationToken))
        {
            var stored = await blobs.ReadJsonAsync<JobRetryLink>(BlobNames.JobRetriedBy(id), cancellationToken)
                ?? throw new InvalidOperationException($"The retry record of job '{id}' vanished while it was read.");

            // The request that took the record may have stopped before it scheduled the new job.
            await EnsureStartedAsync(client, instance, stored, cancellationToken);
            return new RetryResult(RetryOutcome.AlreadyRetried, id, stored.NewJobId, null);
        }

        await EnsureStartedAsync(client, instance, link, cancellationToken);
        return new RetryResult(RetryOutcome.Retried, id, link.NewJobId, null);
    }

    /// <summary>True when the job has been retried already; a bulk retry skips it without reading the instance.</summary>
    public Task<bool> WasRetriedAsync(string id, CancellationToken cancellationToken = default) =>
        blobs.ExistsAsync(BlobNames.JobRetriedBy(id), cancellationToken);

    /// <summary>True when the job is itself the retry of another (it has a <c>retry-of</c> record).</summary>
    public Task<bool> IsRetryAsync(string id, CancellationToken cancellationToken = default) =>
        blobs.ExistsAsync(BlobNames.JobRetryOf(id), cancellationToken);

    private async Task EnsureStartedAsync(DurableTaskClient client, OrchestrationMetadata old, JobRetryLink link, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(link.NewJobId, cancellationToken) is not null)
        {
            return;
        }

        // Written first, so the new job shows its origin from its first status on.
        await blobs.WriteJsonAsync(BlobNames.JobRetryOf(link.NewJobId), link, cancellationToken);

        // The input travels as parsed JSON, which both hosts' converters write back unchanged.
        var input = await StoredRequests.InputForNewJobAsync(blobs, old.SerializedInput, link.NewJobId, cancellationToken);
        await client.ScheduleNewOrchestrationInstanceAsync(old.Name, input, new StartOrchestrationOptions(link.NewJobId), cancellationToken);
    }
}

public enum RetryOutcome
{
    Retried,
    AlreadyRetried,
    NotRetryable,
    NotFound,

    /// <summary>This host lacks a setting the job's type requires; <see cref="RetryResult.Refusal"/> names it.</summary>
    NotConfigured,
}

/// <param name="NewJobId">The job that runs (or ran) the retry.</param>
/// <param name="Status">The job's status, when it could not be retried.</param>
public sealed record RetryResult(RetryOutcome Outcome, string OldJobId, string? NewJobId, JobStatus? Status)
{
    /// <summary>The <c>503</c> problem, when the outcome is <see cref="RetryOutcome.NotConfigured"/>.</summary>
    public IResult? Refusal { get; init; }
}
