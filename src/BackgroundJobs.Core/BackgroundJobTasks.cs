using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.Core;

/// <summary>
/// The one registration of every orchestrator and activity, used by both hosts: the platform's own,
/// then those of each type in <see cref="JobTypeRegistry"/>.
/// </summary>
public static class BackgroundJobTasks
{
    /// <param name="channels">
    /// The host's own event channels, handed to each job orchestrator as it is created: the framework
    /// creates orchestrators itself, never from the host's services.
    /// </param>
    public static DurableTaskRegistry AddBackgroundJobTasks(this DurableTaskRegistry registry, JobEventChannels channels)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(channels);
        registry
            .AddActivity<RecordTaskGaveUpActivity>()
            .AddOrchestrator<JobNotificationOrchestrator>()
            .AddOrchestrator<WebhookDeliveryOrchestrator>()
            .AddActivity<PrepareJobNotificationActivity>()
            .AddActivity<PublishJobEventActivity>()
            .AddActivity<SendJobEventEmailActivity>()
            .AddActivity<AttemptWebhookDeliveryActivity>();

        // Called when the worker is built, after every registration line has run.
        foreach (var jobType in JobTypeRegistry.All)
        {
            jobType.AddTasks(registry, channels);
        }

        return registry;
    }
}
