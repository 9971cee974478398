using Azure.Storage.Queues;
using BackgroundJobs.Core.Monitoring;

namespace BackgroundJobs.Infrastructure.Monitoring;

/// <summary>
/// The approximate message counts of an Azure Storage task hub's queues: its control queues
/// (<c>{taskhub}-control-00</c>..., one per partition) and its work-item queue
/// (<c>{taskhub}-workitems</c>). The queues are found by listing the <c>{taskhub}-</c> prefix, so
/// the partition count need not be known here. Queue names are the task hub's, lower-cased.
/// </summary>
public sealed class TaskHubQueueDepthReader(QueueServiceClient queues, string taskHubName) : IQueueDepthReader
{
    public const string Source = "azure-storage-queues";

    public async Task<QueueDepth> ReadAsync(CancellationToken cancellationToken = default)
    {
        var prefix = taskHubName.ToLowerInvariant() + "-";
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix, cancellationToken: cancellationToken))
        {
            var rest = queue.Name[prefix.Length..];
            if (rest == "workitems" || rest.StartsWith("control-", StringComparison.Ordinal))
            {
                var properties = await queues.GetQueueClient(queue.Name).GetPropertiesAsync(cancellationToken);
                counts[queue.Name] = properties.Value.ApproximateMessagesCount;
            }
        }

        return new QueueDepth(Source, counts.Values.Sum(), counts);
    }
}
