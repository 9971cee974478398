using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Core.Notifications;

/// <summary>
/// Builds the event envelope, records it, opens the webhook's delivery log when the callback wants
/// this event, and says which channels to use, taking the settings (retry schedule, bus) once so that
/// the orchestration replays with the same ones.
/// </summary>
public sealed class PrepareJobNotificationActivity(
    IBlobStore blobs,
    IJobLinks links,
    IJobEventPublisher publisher,
    IOptions<WebhookOptions> options,
    TimeProvider time)
    : TaskActivity<JobEventRequest, JobNotificationPlan>
{
    public override async Task<JobNotificationPlan> RunAsync(TaskActivityContext context, JobEventRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);

        // Terminating a job can let its orchestrator see a sub-orchestration fail first and report
        // that; once a job is being canceled, only its canceled event speaks for it.
        var superseded = input.IsEnding && input.Status != JobStatus.Canceled && await blobs.ExistsAsync(BlobNames.JobCancellation(input.JobId));
        var jobEvent = new JobEvent(
            JobEvent.CurrentVersion,
            input.EventId,
            input.EventType,
            input.At,
            new JobEventData(input.JobId, input.JobType, input.Status, input.Result, input.Error, links.LinksFor(input.JobId), input.Progress));
        if (superseded)
        {
            return new JobNotificationPlan(jobEvent, Publish: false, Webhook: null, Superseded: true);
        }

        // Endings are kept (the SSE stream ends with the very event the webhook carried); progress
        // events are many and their ids are derived from what they report, so they are not.
        if (input.IsEnding)
        {
            await blobs.WriteJsonAsync(BlobNames.JobEvent(input.JobId, input.EventId), jobEvent);
        }

        WebhookDeliveryInput? webhook = null;
        if (input.Callback is { Url: { } url } callback && callback.Wants(jobEvent.Type))
        {
            var delivery = new WebhookDelivery(jobEvent.Id, input.JobId, jobEvent.Type, url, jobEvent.ToJson(), WebhookDeliveryStatus.Pending, time.GetUtcNow(), []);

            // A second run of this activity keeps the first record, and with it any attempts already made.
            await blobs.TryCreateJsonAsync(BlobNames.WebhookDelivery(input.JobId, jobEvent.Id), delivery);
            // A progress report is stale by the next one: it gets one attempt, not a retry schedule.
            webhook = new WebhookDeliveryInput(input.JobId, jobEvent.Id, input.IsEnding ? [.. options.Value.EffectiveRetryDelays] : []);
        }

        return new JobNotificationPlan(jobEvent, publisher.IsEnabled, webhook);
    }
}
