using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Notifications;

/// <summary>Publishes the event on the bus; the publisher turns the bus's transient errors into retries.</summary>
public sealed class PublishJobEventActivity(IJobEventPublisher publisher) : TaskActivity<JobEvent, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, JobEvent input)
    {
        await publisher.PublishAsync(input);
        return true;
    }
}
