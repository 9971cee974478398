namespace BackgroundJobs.Core.Monitoring;

/// <summary>
/// How much work waits for the engine: the task hub's queues on Azure Storage, pending instances
/// in memory. Each host registers the reader that fits its engine.
/// </summary>
public interface IQueueDepthReader
{
    Task<QueueDepth> ReadAsync(CancellationToken cancellationToken = default);
}
