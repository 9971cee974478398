using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Core;

/// <summary>Core log messages. EventIds 1000-1999 belong to this assembly: 1000-1099 bulk e-mail, 1200-1299 notifications, 1300-1399 CRM sync, 1400-1499 reports, 1500-1599 inference, 1600-1699 bulk e-mail crash recovery.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Job {JobId}: webhook {DeliveryId} attempt {Attempt} answered {StatusCode}: {Status} {Error}")]
    public static partial void WebhookAttempted(ILogger logger, string jobId, string deliveryId, int attempt, int? statusCode, Notifications.WebhookDeliveryStatus status, string? error);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Job {JobId}: the notification e-mail was rejected ({StatusCode}): {Error}")]
    public static partial void NotificationEmailRejected(ILogger logger, string jobId, int? statusCode, string? error);

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Job {JobId}: report {Report} split into {Ranges} ranges")]
    public static partial void ReportPlanned(ILogger logger, string jobId, string report, int ranges);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Job {JobId}: report {Report} written: {Rows} rows from {Parts} parts, {Bytes} bytes")]
    public static partial void ReportFinished(ILogger logger, string jobId, string report, long rows, int parts, long bytes);
}
