using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Infrastructure;

/// <summary>
/// Infrastructure log messages. EventIds 2000-2999: 2000-2099 storage, 2100-2199 SendGrid, 2200-2299
/// the outbox, 2600-2699 delivery lookups here; 2300-2399 (the CRM client) and 2500-2599 (the model
/// endpoint) are kept by those job types' own log classes. No message carries a key, a connection string or an
/// e-mail address.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Blob container {Container} created")]
    public static partial void BlobContainerCreated(ILogger logger, string container);

    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "Batch {BatchId}: {Recipients} recipients accepted by SendGrid ({StatusCode})")]
    public static partial void EmailBatchAccepted(ILogger logger, string batchId, int recipients, int statusCode);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Batch {BatchId}: SendGrid answered {StatusCode}, worth another try after {RetryAfter}: {Error}")]
    public static partial void EmailBatchTransient(ILogger logger, string batchId, int statusCode, TimeSpan? retryAfter, string? error);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Batch {BatchId}: SendGrid rejected it ({StatusCode}): {Error}")]
    public static partial void EmailBatchRejected(ILogger logger, string batchId, int statusCode, string? error);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Batch {BatchId}: SendGrid did not answer within {Timeout}")]
    public static partial void EmailBatchTimedOut(ILogger logger, string batchId, TimeSpan timeout);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Batch {BatchId}: SendGrid could not be reached")]
    public static partial void EmailProviderUnreachable(ILogger logger, string batchId, Exception exception);

    [LoggerMessage(EventId = 2200, Level = LogLevel.Debug, Message = "Batch {BatchId}: {Recipients} messages written to the outbox {Directory}")]
    public static partial void OutboxBatchWritten(ILogger logger, string batchId, int recipients, string directory);

    [LoggerMessage(EventId = 2600, Level = LogLevel.Information, Message = "Delivery lookup of batch {BatchId}: {Outcome} ({StatusCode})")]
    public static partial void DeliveryLookupAnswered(ILogger logger, string batchId, Core.Email.EmailDeliveryLookupOutcome outcome, int? statusCode);

    [LoggerMessage(EventId = 2710, Level = LogLevel.Warning, Message = "Batch {BatchId}: SendGrid answered {StatusCode}; it may have taken the batch, so its outcome is unknown: {Error}")]
    public static partial void EmailBatchOutcomeUnknown(ILogger logger, string batchId, int statusCode, string? error);

    [LoggerMessage(EventId = 2711, Level = LogLevel.Warning, Message = "Batch {BatchId}: the connection to SendGrid was lost once the request may have been sent; its outcome is unknown")]
    public static partial void EmailBatchAnswerLost(ILogger logger, string batchId, Exception exception);
}
