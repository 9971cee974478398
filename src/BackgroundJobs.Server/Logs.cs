namespace BackgroundJobs.Server;

/// <summary>Server log messages. EventIds 3000-3999 belong to this assembly.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Durable Task engine started: {Kind}")]
    public static partial void EngineStarted(ILogger logger, Engine.EngineKind kind);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Durable Task engine stopping; waiting for work in flight")]
    public static partial void EngineStopping(ILogger logger);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Request to {Path} refused: missing or unknown API key")]
    public static partial void ApiKeyRejected(ILogger logger, string path);

    // 3100-3199: operating jobs (retention, monitoring).
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Retention purged {Count} completed jobs")]
    public static partial void RetentionPurged(ILogger logger, int count);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "Retention run failed; the next run tries again")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "In-memory retention purged {Count} instances finished more than {Retention} ago")]
    public static partial void InMemoryRetentionPurged(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "In-memory retention run failed; the next run tries again")]
    public static partial void InMemoryRetentionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Error, Message = "Schedule {Schedule}: occurrence {Occurrence} failed; the schedule goes on")]
    public static partial void ScheduledOccurrenceFailed(ILogger logger, string schedule, DateTimeOffset occurrence, Exception exception);

    // 3500-3599: stopping and recovering.
    [LoggerMessage(EventId = 3500, Level = LogLevel.Warning, Message = "Durable Task engine: work still in flight when the shutdown timeout ran out; it runs again from the queues after their visibility timeout")]
    public static partial void EngineStopTimedOut(ILogger logger);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Warning, Message = "Could not hand activity work item {WorkItemId} back to the queue; forgotten ({Forgotten}), so it runs again when its message comes back")]
    public static partial void ActivityAbandonFailed(ILogger logger, string workItemId, bool forgotten, Exception exception);

    // 3700-3709: engine and storage hygiene.
    [LoggerMessage(EventId = 3700, Level = LogLevel.Warning, Message = "Engine:Kind=InMemory in {Environment}: every job, pending or running, is lost when this server stops; set Engine:Kind=AzureStorage for durable jobs")]
    public static partial void InMemoryEngineOutsideDevelopment(ILogger logger, string environment);
}
