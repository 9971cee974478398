namespace BackgroundJobs.Core.Monitoring;

/// <param name="Source">What was counted: <c>azure-storage-queues</c> (approximate message counts) or <c>in-memory-pending-instances</c>.</param>
/// <param name="Total">The sum over <paramref name="Queues"/>.</param>
/// <param name="Queues">The count per queue, by queue name.</param>
public sealed record QueueDepth(string Source, long Total, IReadOnlyDictionary<string, long> Queues);
