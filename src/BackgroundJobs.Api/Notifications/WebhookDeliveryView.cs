using BackgroundJobs.Core.Notifications;

namespace BackgroundJobs.Api.Notifications;

/// <summary>One entry of <c>GET /api/jobs/{id}/deliveries</c>: the delivery and its attempts, without the body.</summary>
public sealed record WebhookDeliveryView(
    string Id,
    string EventType,
    string Url,
    WebhookDeliveryStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<WebhookAttempt> Attempts,
    string RedeliverPostUri)
{
    public static WebhookDeliveryView From(WebhookDelivery delivery, string jobUri) =>
        new(
            delivery.Id,
            delivery.EventType,
            delivery.Url,
            delivery.Status,
            delivery.CreatedAt,
            delivery.NextAttemptAt,
            delivery.Attempts,
            $"{jobUri}/deliveries/{Uri.EscapeDataString(delivery.Id)}/redeliver");
}
