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

    /// <summary>
    /// How long a fetched queue message stays hidden from other servers (Azure Storage). Work in
    /// progress renews it; messages a stopping or crashed server had fetched but not processed come
    /// back after this long. The framework's default of 5 minutes would stall a job that long after
    /// every restart.
    /// </summary>
    public TimeSpan MessageVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Messages fetched from a control queue in one request (Azure Storage; at most 32).</summary>
    public int ControlQueueBatchSize { get; set; } = 32;

    /// <summary>
    /// Control-queue messages a server holds fetched but not yet processed (Azure Storage). A fetched
    /// message stays hidden only for <see cref="MessageVisibilityTimeout"/>: a buffer larger than what
    /// the server works through in that time lets messages reappear while they wait, which another
    /// fetch then processes a second time (PopReceiptMismatch in the log).
    /// </summary>
    public int ControlQueueBufferThreshold { get; set; } = 64;

    /// <summary>
    /// Keeps an orchestration's history in memory between its episodes (Azure Storage), so a job
    /// waiting on many activities is not reloaded from the history table each time one finishes.
    /// On Azurite it took a 1,000-activity fan-out from 29-42 to 63-81 activities/s
    /// (bench/AZURE-TUNING.md). Off by default, as in Durable Functions: it keeps fetched messages
    /// and sessions in memory longer, and the one failure seen after turning it on (orchestrations
    /// livelocked after a storage outage, on messages that came back while still held) is of that
    /// kind, though it was later seen with it off as well.
    /// </summary>
    public bool ExtendedSessions { get; set; }

    /// <summary>
    /// How long the in-memory engine keeps a finished instance (completed, failed, terminated) after
    /// its last change before it purges it (<see cref="InMemoryRetentionService"/>). It holds every
    /// instance in the server's memory, and loses them all on restart anyway.
    /// </summary>
    public TimeSpan InMemoryRetention { get; set; } = TimeSpan.FromHours(1);
}
