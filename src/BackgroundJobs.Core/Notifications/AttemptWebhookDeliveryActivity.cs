using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Core.Notifications;

/// <summary>
/// Makes one attempt at a webhook delivery and records it (time, status code, latency, error) in the
/// delivery log. The URL is checked again first, since DNS may now point somewhere private, and a URL
/// that once answered 410 Gone is not called again. Delivery is at least once: an attempt whose
/// completion is lost is made again, with the same <c>webhook-id</c> so that receivers can drop the copy.
/// </summary>
public sealed class AttemptWebhookDeliveryActivity(
    IBlobStore blobs,
    ICallbackUrlGuard guard,
    IWebhookSender sender,
    TimeProvider time,
    ILogger<AttemptWebhookDeliveryActivity> logger)
    : TaskActivity<WebhookAttemptInput, WebhookAttemptOutcome>
{
    public override async Task<WebhookAttemptOutcome> RunAsync(TaskActivityContext context, WebhookAttemptInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = BlobNames.WebhookDelivery(input.JobId, input.DeliveryId);
        var delivery = await blobs.ReadJsonAsync<WebhookDelivery>(name)
            ?? throw new InvalidOperationException($"The delivery record '{name}' does not exist.");
        if (delivery.Status != WebhookDeliveryStatus.Pending)
        {
            // An earlier run of this attempt finished and recorded it; its completion was lost.
            return new WebhookAttemptOutcome(delivery.Status);
        }

        var number = delivery.Attempts.Count + 1;
        var now = time.GetUtcNow();
        var (attempt, status, retryAfter) = await AttemptAsync(delivery, number, now, input.IsLast);
        var answeredAt = time.GetUtcNow();
        var notBefore = retryAfter is { } wait ? answeredAt + wait : (DateTimeOffset?)null;
        var next = status == WebhookDeliveryStatus.Pending ? Later(answeredAt + (input.NextDelay ?? TimeSpan.Zero), notBefore) : (DateTimeOffset?)null;
        await blobs.WriteJsonAsync(name, delivery with { Status = status, Attempts = [.. delivery.Attempts, attempt], NextAttemptAt = next });
        Logs.WebhookAttempted(logger, input.JobId, delivery.Id, number, attempt.StatusCode, status, attempt.Error);
        return new WebhookAttemptOutcome(status, notBefore);
    }

    private static DateTimeOffset Later(DateTimeOffset planned, DateTimeOffset? asked) => asked > planned ? asked.Value : planned;

    private async Task<(WebhookAttempt Attempt, WebhookDeliveryStatus Status, TimeSpan? RetryAfter)> AttemptAsync(
        WebhookDelivery delivery, int number, DateTimeOffset now, bool isLast)
    {
        if (await blobs.ExistsAsync(BlobNames.GoneWebhookUrl(delivery.Url)))
        {
            return (new WebhookAttempt(number, now, null, 0, "Not sent: this URL answered 410 Gone to an earlier delivery."), WebhookDeliveryStatus.Gone, null);
        }

        if (await guard.CheckAsync(delivery.Url) is { } refusal)
        {
            return (new WebhookAttempt(number, now, null, 0, $"Not sent: {refusal}"), WebhookDeliveryStatus.Refused, null);
        }

        var response = await sender.SendAsync(new WebhookMessage(delivery.Url, delivery.Id, now, delivery.Payload));
        var attempt = new WebhookAttempt(number, now, response.StatusCode, (long)response.Latency.TotalMilliseconds, response.Error);
        if (response.IsSuccess)
        {
            return (attempt, WebhookDeliveryStatus.Delivered, null);
        }

        if (response.StatusCode == 410)
        {
            await blobs.WriteJsonAsync(BlobNames.GoneWebhookUrl(delivery.Url), new { delivery.Url, At = now, delivery.JobId, DeliveryId = delivery.Id });
            return (attempt, WebhookDeliveryStatus.Gone, null);
        }

        return (attempt, isLast ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending, response.RetryAfter);
    }
}
