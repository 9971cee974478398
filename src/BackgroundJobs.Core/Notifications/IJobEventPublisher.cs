namespace BackgroundJobs.Core.Notifications;

/// <summary>Publishes job events to a message bus (Service Bus when configured).</summary>
public interface IJobEventPublisher
{
    /// <summary>False when no bus is configured; then nothing is published.</summary>
    bool IsEnabled { get; }

    /// <summary>Throws <see cref="Retry.TransientFailureException"/> when another attempt may succeed.</summary>
    Task PublishAsync(JobEvent jobEvent, CancellationToken cancellationToken = default);
}

/// <summary>The publisher when no bus is configured.</summary>
public sealed class NoJobEventPublisher : IJobEventPublisher
{
    public bool IsEnabled => false;

    public Task PublishAsync(JobEvent jobEvent, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
