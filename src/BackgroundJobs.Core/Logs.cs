using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Core;

/// <summary>
/// Core log messages: 1200-1299, notifications. The rest of 1000-1999 is kept by the job types' own log
/// classes (1000-1099, 1600-1699 and 1710-1713 bulk e-mail, 1300-1399 CRM sync, 1400-1499 reports, 1500-1599
/// and 1714 inference).
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Job {JobId}: webhook {DeliveryId} attempt {Attempt} answered {StatusCode}: {Status} {Error}")]
    public static partial void WebhookAttempted(ILogger logger, string jobId, string deliveryId, int attempt, int? statusCode, Notifications.WebhookDeliveryStatus status, string? error);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Job {JobId}: the notification e-mail was rejected ({StatusCode}): {Error}")]
    public static partial void NotificationEmailRejected(ILogger logger, string jobId, int? statusCode, string? error);
}
