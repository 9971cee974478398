namespace BackgroundJobs.Server.Engine;

public sealed class EngineOptions
{
    public const string SectionName = "Engine";

    public EngineKind Kind { get; set; } = EngineKind.InMemory;

    /// <summary>The task hub: the prefix of its queues, tables and containers. Letters and digits only.</summary>
    public string TaskHubName { get; set; } = "BackgroundJobs";

    /// <summary>Control-queue partitions (Azure Storage); the most servers that can share orchestrations.</summary>
    public int PartitionCount { get; set; } = 4;

    public int MaxConcurrentActivities { get; set; } = 100;

    public int MaxConcurrentOrchestrations { get; set; } = 100;

    /// <summary>
    /// The longest an idle Azure Storage queue poll backs off to. The extension's default is 30 s;
    /// a short ceiling keeps a quiet server quick to pick up a new job at the cost of more polls.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);
}
