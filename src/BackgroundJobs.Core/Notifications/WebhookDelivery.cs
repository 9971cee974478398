namespace BackgroundJobs.Core.Notifications;

/// <summary>
/// One event's delivery to one callback URL, with every attempt made: the delivery log of
/// <c>GET /api/jobs/{id}/deliveries</c>. Stored at <see cref="Storage.BlobNames.WebhookDelivery"/>;
/// only one orchestration at a time writes it.
/// </summary>
/// <param name="Id">The event's id, which is also the <c>webhook-id</c>.</param>
/// <param name="Payload">The exact body every attempt sends, so a redelivery signs the same bytes.</param>
public sealed record WebhookDelivery(
    string Id,
    string JobId,
    string EventType,
    string Url,
    string Payload,
    WebhookDeliveryStatus Status,
    DateTimeOffset CreatedAt,
    IReadOnlyList<WebhookAttempt> Attempts,
    DateTimeOffset? NextAttemptAt = null);

public enum WebhookDeliveryStatus
{
    /// <summary>Attempts are still to come.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Every attempt of the schedule failed. It can be redelivered.</summary>
    Failed,

    /// <summary>The receiver answered 410 Gone: nothing more is sent to that URL.</summary>
    Gone,

    /// <summary>The URL may not be called (scheme, or it now resolves to a private address).</summary>
    Refused,
}

/// <param name="StatusCode">Null when no response came; <paramref name="Error"/> says why.</param>
public sealed record WebhookAttempt(int Number, DateTimeOffset At, int? StatusCode, long LatencyMs, string? Error);
