using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Core;

/// <summary>Core log messages. EventIds 1000-1999 belong to this assembly: 1000-1099 bulk e-mail, 1200-1299 notifications, 1300-1399 CRM sync, 1400-1499 reports, 1500-1599 inference, 1600-1699 bulk e-mail crash recovery.</summary>
internal static partial class Logs
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

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Job {JobId}: webhook {DeliveryId} attempt {Attempt} answered {StatusCode}: {Status} {Error}")]
    public static partial void WebhookAttempted(ILogger logger, string jobId, string deliveryId, int attempt, int? statusCode, Notifications.WebhookDeliveryStatus status, string? error);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Job {JobId}: the notification e-mail was rejected ({StatusCode}): {Error}")]
    public static partial void NotificationEmailRejected(ILogger logger, string jobId, int? statusCode, string? error);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Job {JobId}: segment {Segment} synced {Records} records ({Invalid} unreadable lines); cursor at byte {NextByteOffset}")]
    public static partial void CrmSegmentSynced(ILogger logger, string jobId, int segment, int records, int invalid, long nextByteOffset);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Job {JobId}: CRM sync done: created {Created}, updated {Updated}, failed {Failed} in {Segments} segments")]
    public static partial void CrmSyncFinished(ILogger logger, string jobId, long created, long updated, long failed, int segments);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Job {JobId}: CRM batch {Segment}/{Batch} got a transient answer ({StatusCode}, retry after {RetryAfter}): {Error}")]
    public static partial void CrmBatchTransient(ILogger logger, string jobId, int segment, int batch, int? statusCode, TimeSpan? retryAfter, string? error);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Job {JobId}: the CRM refused batch {Segment}/{Batch} ({StatusCode}): {Error}")]
    public static partial void CrmBatchRejected(ILogger logger, string jobId, int segment, int batch, int? statusCode, string? error);

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
