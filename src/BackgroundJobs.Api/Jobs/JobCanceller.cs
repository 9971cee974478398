using System.Text.Json;
using BackgroundJobs.Api.Notifications;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// Cancels a running job: records who asked and why, terminates the job and its sub-orchestrations,
/// and starts its <c>job.canceled</c> notifications, since a terminated orchestrator runs no code of
/// its own. They start even when nobody listens: the event they record is what the job's event
/// stream ends with, with the id of this cancellation. The record is created atomically, so a repeated request cancels once.
/// </summary>
public sealed class JobCanceller(IBlobStore blobs, TimeProvider time)
{
    public async Task<CancelResult> CancelAsync(DurableTaskClient client, string id, string? reason, string? requestedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await JobQueries.FindJobAsync(client, id, getInputsAndOutputs: true, cancellationToken);
        if (instance is null || JobTypeRegistry.TypeNameOf(instance.Name) is not { } jobType)
        {
            return new CancelResult(CancelOutcome.NotFound, null);
        }

        var record = new JobCancellation(
            string.IsNullOrWhiteSpace(reason) ? "Canceled on request." : reason,
            string.IsNullOrWhiteSpace(requestedBy) ? "api" : requestedBy,
            time.GetUtcNow(),
            "evt_" + Guid.NewGuid().ToString("N"));
        if (instance.IsCompleted)
        {
            return new CancelResult(CancelOutcome.AlreadyFinished, await blobs.ReadJsonAsync<JobCancellation>(BlobNames.JobCancellation(id), cancellationToken));
        }

        if (!await blobs.TryCreateJsonAsync(BlobNames.JobCancellation(id), record, cancellationToken))
        {
            return new CancelResult(CancelOutcome.AlreadyCanceled, await blobs.ReadJsonAsync<JobCancellation>(BlobNames.JobCancellation(id), cancellationToken));
        }

        await client.TerminateInstanceAsync(id, new TerminateInstanceOptions(record.Reason, Recursive: true), cancellationToken);

        var targets = JobNotificationTargets.Read(instance.SerializedInput);
        var ended = new JobEventRequest(record.EventId, id, jobType, JobStatus.Canceled, record.At, null, new JobError("Canceled", record.Reason), targets?.Callback, targets?.NotifyEmail);
        await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(JobNotificationOrchestrator),
            ended,
            new StartOrchestrationOptions(JobNotifications.InstanceIdFor(id, record.EventId)),
            cancellationToken);
        return new CancelResult(CancelOutcome.Canceled, record);
    }
}

public enum CancelOutcome
{
    Canceled,
    AlreadyCanceled,
    AlreadyFinished,
    NotFound,
}

/// <param name="Cancellation">The record of the cancellation, when there is one.</param>
public sealed record CancelResult(CancelOutcome Outcome, JobCancellation? Cancellation);
