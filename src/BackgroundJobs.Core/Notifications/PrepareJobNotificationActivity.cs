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
    : TaskActivity<JobEnded, JobNotificationPlan>
{
    public override async Task<JobNotificationPlan> RunAsync(TaskActivityContext context, JobEnded input)
    {
        ArgumentNullException.ThrowIfNull(input);

        // Terminating a job can let its orchestrator see a sub-orchestration fail first and report
        // that; once a job is being canceled, only its canceled event speaks for it.
        var superseded = input.Status != JobStatus.Canceled && await blobs.ExistsAsync(BlobNames.JobCancellation(input.JobId));
        var jobEvent = new JobEvent(
            JobEvent.CurrentVersion,
            input.EventId,
            input.EventType,
            input.At,
            new JobEventData(input.JobId, input.JobType, input.Status, input.Result, input.Error, links.LinksFor(input.JobId)));
        if (superseded)
        {
            return new JobNotificationPlan(jobEvent, Publish: false, Webhook: null, Superseded: true);
        }

        await blobs.WriteJsonAsync(BlobNames.JobEvent(input.JobId, input.EventId), jobEvent);

        WebhookDeliveryInput? webhook = null;
        if (input.Callback is { Url: { } url } callback && callback.Wants(jobEvent.Type))
        {
            var delivery = new WebhookDelivery(jobEvent.Id, input.JobId, jobEvent.Type, url, jobEvent.ToJson(), WebhookDeliveryStatus.Pending, time.GetUtcNow(), []);

            // A second run of this activity keeps the first record, and with it any attempts already made.
            await blobs.TryCreateJsonAsync(BlobNames.WebhookDelivery(input.JobId, jobEvent.Id), delivery);
            webhook = new WebhookDeliveryInput(input.JobId, jobEvent.Id, [.. options.Value.EffectiveRetryDelays]);
        }

        return new JobNotificationPlan(jobEvent, publisher.IsEnabled, webhook);
    }
}
