using Microsoft.Extensions.Logging;

namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>The bulk e-mail job's log messages, EventIds as when they were Core's (1000-1099, 1600-1699 crash recovery, 1710-1713 unknown outcomes).</summary>
internal static partial class BulkEmailLogs
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Job {JobId}: {Recipients} recipients in {Batches} batches")]
    public static partial void BulkEmailPlanned(ILogger logger, string jobId, int recipients, int batches);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Job {JobId}: sent {Sent}, failed {Failed}, invalid {Invalid}")]
    public static partial void BulkEmailFinished(ILogger logger, string jobId, int sent, int failed, int invalid);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Job {JobId}: batch {Index} already has an outcome; not sending it again")]
    public static partial void EmailBatchAlreadyDone(ILogger logger, string jobId, int index);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Job {JobId}: batch {Index} rejected by the provider ({StatusCode}): {Error}")]
    public static partial void EmailBatchRejected(ILogger logger, string jobId, int index, int? statusCode, string? error);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Job {JobId}: batch {Index} was claimed by an attempt that never finished; recorded as outcome unknown and not resent")]
    public static partial void EmailBatchOutcomeUnknown(ILogger logger, string jobId, int index);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Could not record {Blob} (attempt {Attempt})")]
    public static partial void EmailBatchOutcomeWriteFailed(ILogger logger, string blob, int attempt, Exception exception);

    [LoggerMessage(EventId = 1600, Level = LogLevel.Warning, Message = "Job {JobId}: batch {Index} was claimed {Age} ago by an attempt that never finished; asking the provider whether it took it")]
    public static partial void EmailBatchLookingUp(ILogger logger, string jobId, int index, TimeSpan age);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Job {JobId}: the provider has batch {Index}, whose sending attempt never finished; recorded as sent and not resent")]
    public static partial void EmailBatchFoundAtProvider(ILogger logger, string jobId, int index);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "Job {JobId}: the provider has no record of batch {Index}, whose sending attempt never finished; sending it again under claim generation {Generation}")]
    public static partial void EmailBatchResending(ILogger logger, string jobId, int index, int generation);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "Job {JobId}: the delivery lookup of batch {Index} is unavailable ({StatusCode}, retry after {RetryAfter}): {Error}")]
    public static partial void EmailBatchLookupUnavailable(ILogger logger, string jobId, int index, int? statusCode, TimeSpan? retryAfter, string? error);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Error, Message = "Job {JobId}: batch {Index} cannot be looked up at the provider ({StatusCode}: {Error}); recorded as outcome unknown and not resent")]
    public static partial void EmailBatchLookupNotSupported(ILogger logger, string jobId, int index, int? statusCode, string? error);

    [LoggerMessage(EventId = 1710, Level = LogLevel.Warning, Message = "Job {JobId}: batch {Index} may have reached the provider ({Cause}); its claim is kept and the provider's records are asked once they settle")]
    public static partial void EmailBatchUnknownLookupLater(ILogger logger, string jobId, int index, string cause);

    [LoggerMessage(EventId = 1711, Level = LogLevel.Error, Message = "Job {JobId}: batch {Index} may have reached the provider ({Cause}); recorded as outcome unknown and not resent")]
    public static partial void EmailBatchUnknownNotResent(ILogger logger, string jobId, int index, string cause);

    [LoggerMessage(EventId = 1712, Level = LogLevel.Warning, Message = "Job {JobId}: batch {Index} may have reached the provider ({Cause}); sending it again, as the job's onUnknownOutcome is resend")]
    public static partial void EmailBatchUnknownResending(ILogger logger, string jobId, int index, string cause);

    [LoggerMessage(EventId = 1713, Level = LogLevel.Warning, Message = "Job {JobId}: batch {Index} was claimed by an attempt that never finished; sending it again under claim generation {Generation}, as the job's onUnknownOutcome is resend")]
    public static partial void EmailBatchStaleClaimResending(ILogger logger, string jobId, int index, int generation);
}
