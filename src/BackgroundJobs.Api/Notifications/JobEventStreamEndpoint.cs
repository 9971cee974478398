using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BackgroundJobs.Api.Http;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Notifications;

/// <summary>
/// <c>GET /api/jobs/{id}/events</c>: the job's events as Server-Sent Events, with the same types,
/// ids and bodies as its webhooks: a <c>job.progress</c> event whenever its progress changes, then its
/// ending (<c>job.completed</c>, <c>job.failed</c> or <c>job.canceled</c>), and the stream ends. It
/// reads the job's status itself, so it needs no callback; a client that reconnects gets the
/// current progress again, under the same id.
/// </summary>
public sealed class JobEventStreamEndpoint(IBlobStore blobs, IJobLinks links, JobEventChannels channels, JobStatusReader statusReader)
{
    /// <summary>How often the job's status is read while the stream is open.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the stream waits for the ending event its notification orchestration records.</summary>
    public static readonly TimeSpan EndingEventWait = TimeSpan.FromSeconds(10);

    /// <summary>A stream closes after this long; EventSource clients reconnect on their own.</summary>
    public static readonly TimeSpan MaxStreamDuration = TimeSpan.FromMinutes(10);

    public async Task<IResult> StreamAsync(DurableTaskClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return await JobQueries.FindJobAsync(client, id, getInputsAndOutputs: false, cancellationToken) is null
            ? Problems.NotFound($"There is no job '{id}'.")
            : TypedResults.ServerSentEvents(EventsAsync(client, id, cancellationToken));
    }

    private async IAsyncEnumerable<SseItem<string>> EventsAsync(DurableTaskClient client, string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? lastProgressId = null;
        var closeAt = DateTime.UtcNow + MaxStreamDuration;
        while (!cancellationToken.IsCancellationRequested && DateTime.UtcNow < closeAt)
        {
            // Polled without the job's input: it is read once, when the job has ended (below).
            var instance = await statusReader.ReadStatusAsync(client, id, cancellationToken);
            if (instance is null)
            {
                yield break;
            }

            var jobType = JobTypeRegistry.TypeNameOf(instance.Name) ?? instance.Name;
            if (JobQueries.ParseOrNull<JobProgress>(instance.SerializedCustomStatus) is { } progress && JobEventIds.ForProgress(id, progress) is var progressId && progressId != lastProgressId)
            {
                lastProgressId = progressId;
                var status = instance.RuntimeStatus.ToJobStatus();
                var data = new JobEventData(id, jobType, status is JobStatus.Completed or JobStatus.Failed or JobStatus.Canceled ? JobStatus.Running : status, null, null, links.LinksFor(id), progress);
                yield return Item(new JobEvent(JobEvent.CurrentVersion, progressId, JobEventTypes.Progress, instance.LastUpdatedAt, data));
            }

            if (instance.IsCompleted)
            {
                // Who hears of the ending is in the input; the result, and on Functions the failure, in the output.
                instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken) ?? instance;
                var ended = instance.RuntimeStatus.ToJobStatus();
                var ending = IsAnnounced(instance, ended)
                    ? await WaitForEndingEventAsync(id, instance.CreatedAt, cancellationToken)
                    : UnannouncedEnding(instance, jobType, ended);
                if (ending is not null)
                {
                    yield return Item(ending);
                }

                yield break;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    // A job nobody hears of starts no notification orchestration, so nothing records its ending (a
    // cancellation always does: the canceller starts one). Then the ending is told from the job's
    // status, under an id derived from it, so a client that reconnects gets the same event.
    private bool IsAnnounced(OrchestrationMetadata instance, JobStatus status) =>
        status is not (JobStatus.Completed or JobStatus.Failed)
            || JobNotificationTargets.Read(instance.SerializedInput) is not { } targets
            || channels.AnyoneHearsEnding(targets, status);

    private JobEvent UnannouncedEnding(OrchestrationMetadata instance, string jobType, JobStatus status)
    {
        var result = status == JobStatus.Completed ? JobQueries.ParseOrNull<JsonElement?>(instance.SerializedOutput) : null;
        var error = InstanceFailure.Read(instance) is { } failure ? JobFailure.From(failure).ToError() : null;
        var data = new JobEventData(instance.InstanceId, jobType, status, result, error, links.LinksFor(instance.InstanceId));
        return new JobEvent(JobEvent.CurrentVersion, JobEventIds.ForUnannouncedEnding(instance.InstanceId, status, instance.CreatedAt), JobEventTypes.ForEnding(status), instance.LastUpdatedAt, data);
    }

    // The ending is recorded by the job's notification orchestration, which starts as the job ends;
    // the stream waits a little for it so that it can send the very event (and id) the webhook got.
    private async Task<JobEvent?> WaitForEndingEventAsync(string id, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var giveUpAt = DateTime.UtcNow + EndingEventWait;
        while (true)
        {
            JobEvent? latest = null;
            await foreach (var name in blobs.ListAsync(BlobNames.JobEventsPrefix(id), cancellationToken))
            {
                if (await blobs.ReadJsonAsync<JobEvent>(name, cancellationToken) is { } recorded
                    && recorded.Type != JobEventTypes.Progress
                    && recorded.Timestamp >= createdAt
                    && (latest is null || recorded.Timestamp > latest.Timestamp))
                {
                    latest = recorded;
                }
            }

            if (latest is not null || DateTime.UtcNow > giveUpAt)
            {
                return latest;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static SseItem<string> Item(JobEvent jobEvent) => new(jobEvent.ToJson(), jobEvent.Type) { EventId = jobEvent.Id };
}
