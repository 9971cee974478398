using BackgroundJobs.Core.Monitoring;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Monitoring;

/// <summary>
/// Queue depth of the in-memory engine. Its queues are private to the engine (the package exposes no
/// count), so the work waiting is counted as the instances it has not started yet: pending jobs and
/// pending sub-instances alike, streamed page by page.
/// </summary>
internal sealed class PendingInstancesQueueDepthReader(DurableTaskClient client) : IQueueDepthReader
{
    public const string Source = "in-memory-pending-instances";
    public const string QueueName = "pending-instances";

    private static readonly OrchestrationRuntimeStatus[] PendingOnly = [OrchestrationRuntimeStatus.Pending];

    public async Task<QueueDepth> ReadAsync(CancellationToken cancellationToken = default)
    {
        long pending = 0;
        await foreach (var page in client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = PendingOnly, FetchInputsAndOutputs = false }).AsPages().WithCancellation(cancellationToken))
        {
            pending += page.Values.Count(i => i.RuntimeStatus == OrchestrationRuntimeStatus.Pending);
        }

        return new QueueDepth(Source, pending, new Dictionary<string, long> { [QueueName] = pending });
    }
}
