using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Notifications;

/// <summary>
/// Tells everyone who asked that a job ended: the event is recorded, published on the bus, e-mailed
/// to <c>notifyEmail</c> and delivered to the callback, each independently, so that one failing
/// channel does not hold back the others. It runs apart from the job (see
/// <see cref="JobNotifications"/>), so the job's outcome never waits for it.
/// </summary>
public sealed class JobNotificationOrchestrator : TaskOrchestrator<JobEventRequest, JobNotificationPlan>
{
    public override async Task<JobNotificationPlan> RunAsync(TaskOrchestrationContext context, JobEventRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var plan = await context.CallActivityAsync<JobNotificationPlan>(
            nameof(PrepareJobNotificationActivity), input, JobRetry.Options(BackoffPolicy.Default, nameof(PrepareJobNotificationActivity)));

        if (plan.Superseded)
        {
            return plan;
        }

        var channels = new List<Task>();
        if (plan.Publish)
        {
            channels.Add(context.CallActivityAsync(nameof(PublishJobEventActivity), plan.Event, JobRetry.Options(BackoffPolicy.Default, nameof(PublishJobEventActivity))));
        }

        if (input.IsEnding && input.NotifyEmail is { } to)
        {
            channels.Add(context.CallActivityAsync(nameof(SendJobEventEmailActivity), new JobEventEmail(plan.Event, to), JobRetry.Options(BackoffPolicy.Default, nameof(SendJobEventEmailActivity))));
        }

        if (plan.Webhook is { } webhook)
        {
            channels.Add(context.CallSubOrchestratorAsync<WebhookDeliveryStatus>(
                nameof(WebhookDeliveryOrchestrator),
                webhook,
                new SubOrchestrationOptions { InstanceId = WebhookDeliveryOrchestrator.InstanceIdFor(webhook.JobId, webhook.DeliveryId, 0) }));
        }

        await Task.WhenAll(channels);
        return plan;
    }
}

/// <param name="Publish">Whether a bus is configured to publish to.</param>
/// <param name="Webhook">Set when the job has a callback that wants this event.</param>
/// <param name="Superseded">The job is being canceled, so this ending is not announced; the canceled event is.</param>
public sealed record JobNotificationPlan(JobEvent Event, bool Publish, WebhookDeliveryInput? Webhook, bool Superseded = false);

public sealed record JobEventEmail(JobEvent Event, string To);
