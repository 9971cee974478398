namespace BackgroundJobs.Core.Notifications;

/// <summary>
/// Makes one signed webhook request (Standard Webhooks). It never throws for what the receiver or
/// the network did: the response says what happened.
/// </summary>
public interface IWebhookSender
{
    Task<WebhookResponse> SendAsync(WebhookMessage message, CancellationToken cancellationToken = default);
}

/// <param name="Id">The <c>webhook-id</c>: the event's id, the same on every attempt.</param>
/// <param name="Timestamp">The <c>webhook-timestamp</c>: this attempt's time, so receivers' replay windows accept a late retry.</param>
public sealed record WebhookMessage(string Url, string Id, DateTimeOffset Timestamp, string Payload);

/// <param name="StatusCode">Null when no response came (refused, timed out, connection failed).</param>
public sealed record WebhookResponse(int? StatusCode, TimeSpan Latency, TimeSpan? RetryAfter = null, string? Error = null)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}

/// <summary>Signs a webhook (Standard Webhooks <c>webhook-signature</c>) with every active secret.</summary>
public interface IWebhookSigner
{
    /// <summary>True when a signing secret is configured.</summary>
    bool CanSign { get; }

    string Sign(WebhookMessage message);
}
