using Microsoft.Extensions.Logging;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>The CRM sync's log messages, EventIds as when they were Core's (1300-1399) and Infrastructure's (2300-2399).</summary>
internal static partial class CrmSyncLogs
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Job {JobId}: segment {Segment} synced {Records} records ({Invalid} unreadable lines); cursor at byte {NextByteOffset}")]
    public static partial void CrmSegmentSynced(ILogger logger, string jobId, int segment, int records, int invalid, long nextByteOffset);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Job {JobId}: CRM sync done: created {Created}, updated {Updated}, failed {Failed} in {Segments} segments")]
    public static partial void CrmSyncFinished(ILogger logger, string jobId, long created, long updated, long failed, int segments);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Job {JobId}: CRM batch {Segment}/{Batch} got a transient answer ({StatusCode}, retry after {RetryAfter}): {Error}")]
    public static partial void CrmBatchTransient(ILogger logger, string jobId, int segment, int batch, int? statusCode, TimeSpan? retryAfter, string? error);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Job {JobId}: the CRM refused batch {Segment}/{Batch} ({StatusCode}): {Error}")]
    public static partial void CrmBatchRejected(ILogger logger, string jobId, int segment, int batch, int? statusCode, string? error);

    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning, Message = "CRM batch of {Records} records: the CRM answered {StatusCode}, worth another try after {RetryAfter}: {Error}")]
    public static partial void CrmTransient(ILogger logger, int records, int statusCode, TimeSpan? retryAfter, string error);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "CRM batch of {Records} records: no answer within {Timeout}")]
    public static partial void CrmTimedOut(ILogger logger, int records, TimeSpan timeout);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "The CRM could not be reached")]
    public static partial void CrmUnreachable(ILogger logger, Exception exception);
}
