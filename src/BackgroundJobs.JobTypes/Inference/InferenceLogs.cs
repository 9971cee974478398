using Microsoft.Extensions.Logging;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>The inference job's log messages, EventIds as when they were Core's (1500-1599) and Infrastructure's (2500-2599, 2712-2713).</summary>
internal static partial class InferenceLogs
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Job {JobId}: {Items} items in {Chunks} chunks for model {Model}")]
    public static partial void InferencePlanned(ILogger logger, string jobId, int items, int chunks, string model);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Job {JobId}: inference done: {Succeeded} items answered, {Failed} failed, {TotalTokens} tokens")]
    public static partial void InferenceFinished(ILogger logger, string jobId, int succeeded, int failed, long totalTokens);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Job {JobId}: chunk {Chunk} already has an outcome; sending nothing again")]
    public static partial void InferenceChunkAlreadyDone(ILogger logger, string jobId, int chunk);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Job {JobId}: chunk {Chunk} has {Pending} items without an answer, retry after {RetryAfter}: {Error}")]
    public static partial void InferenceChunkTransient(ILogger logger, string jobId, int chunk, int pending, TimeSpan? retryAfter, string? error);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "Job {JobId}: item {Index} refused by the model endpoint ({StatusCode}): {Error}")]
    public static partial void InferenceItemRejected(ILogger logger, string jobId, int index, int? statusCode, string? error);

    [LoggerMessage(EventId = 1714, Level = LogLevel.Error, Message = "Job {JobId}: item {Index} may have reached the model ({StatusCode}: {Error}); recorded as outcome unknown and not sent again")]
    public static partial void InferenceItemOutcomeUnknown(ILogger logger, string jobId, int index, int? statusCode, string? error);

    [LoggerMessage(EventId = 2500, Level = LogLevel.Warning, Message = "Model {Model}: the endpoint answered {StatusCode}, worth another try after {RetryAfter}: {Error}")]
    public static partial void InferenceTransient(ILogger logger, string model, int statusCode, TimeSpan? retryAfter, string error);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Warning, Message = "Model {Model}: no answer within {Timeout}")]
    public static partial void InferenceTimedOut(ILogger logger, string model, TimeSpan timeout);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Warning, Message = "Model {Model}: the endpoint could not be reached")]
    public static partial void InferenceUnreachable(ILogger logger, string model, Exception exception);

    [LoggerMessage(EventId = 2712, Level = LogLevel.Warning, Message = "Model {Model}: the endpoint answered {StatusCode}; the call may have run, so its outcome is unknown: {Error}")]
    public static partial void InferenceOutcomeUnknown(ILogger logger, string model, int statusCode, string error);

    [LoggerMessage(EventId = 2713, Level = LogLevel.Warning, Message = "Model {Model}: the connection was lost once the request may have been sent; its outcome is unknown")]
    public static partial void InferenceAnswerLost(ILogger logger, string model, Exception exception);
}
