using BackgroundJobs.Api.Http;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Api.ResultFiles;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Api.Notifications;

/// <summary>
/// <c>GET /api/jobs/{id}/deliveries</c>, the job's webhook delivery log, and
/// <c>POST /api/jobs/{id}/deliveries/{deliveryId}/redeliver</c>, which sends a finished delivery's
/// event again (same body, same <c>webhook-id</c>) on a fresh retry schedule.
/// </summary>
public sealed class WebhookDeliveryEndpoints(IBlobStore blobs, IOptions<WebhookOptions> options, TimeProvider time)
{
    public async Task<IResult> ListAsync(HttpRequest request, DurableTaskClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await JobExistsAsync(client, id, cancellationToken))
        {
            return Problems.NotFound($"There is no job '{id}'.");
        }

        var jobUri = JobUris.Job(request, id);
        var deliveries = new List<WebhookDeliveryView>();
        await foreach (var name in blobs.ListAsync(BlobNames.WebhookDeliveriesPrefix(id), cancellationToken))
        {
            if (await blobs.ReadJsonAsync<WebhookDelivery>(name, cancellationToken) is { } delivery)
            {
                deliveries.Add(WebhookDeliveryView.From(delivery, jobUri));
            }
        }

        return Results.Ok(new { JobId = id, Deliveries = deliveries.OrderBy(d => d.CreatedAt).ToList() });
    }

    public async Task<IResult> RedeliverAsync(HttpRequest request, DurableTaskClient client, string id, string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (!ResultNames.IsValidJobId(deliveryId) || !await JobExistsAsync(client, id, cancellationToken))
        {
            return Problems.NotFound($"Job '{id}' has no delivery '{deliveryId}'.");
        }

        var name = BlobNames.WebhookDelivery(id, deliveryId);
        if (await blobs.ReadJsonAsync<WebhookDelivery>(name, cancellationToken) is not { } delivery)
        {
            return Problems.NotFound($"Job '{id}' has no delivery '{deliveryId}'.");
        }

        // The run number is the attempts made so far: two requests for the same finished delivery
        // race for one claim, and the loser is told the delivery is already under way.
        var run = delivery.Attempts.Count;
        if (delivery.Status == WebhookDeliveryStatus.Pending
            || !await blobs.TryCreateJsonAsync(BlobNames.WebhookRedelivery(id, deliveryId, run), new { At = time.GetUtcNow() }, cancellationToken))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The delivery is still in progress.",
                detail: $"Delivery '{deliveryId}' is still being attempted; redeliver it once it has finished.");
        }

        // Asked for by a person: a URL that once answered 410 Gone may be back.
        await blobs.DeletePrefixAsync(BlobNames.GoneWebhookUrl(delivery.Url), cancellationToken);
        var pending = delivery with { Status = WebhookDeliveryStatus.Pending, NextAttemptAt = time.GetUtcNow() };
        await blobs.WriteJsonAsync(name, pending, cancellationToken);
        await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(WebhookDeliveryOrchestrator),
            new WebhookDeliveryInput(id, deliveryId, [.. options.Value.EffectiveRetryDelays]),
            new StartOrchestrationOptions(WebhookDeliveryOrchestrator.InstanceIdFor(id, deliveryId, run)),
            cancellationToken);
        var jobUri = JobUris.Job(request, id);
        return Results.Accepted($"{jobUri}/deliveries", WebhookDeliveryView.From(pending, jobUri));
    }

    private static async Task<bool> JobExistsAsync(DurableTaskClient client, string id, CancellationToken cancellationToken) =>
        await JobQueries.FindJobAsync(client, id, getInputsAndOutputs: false, cancellationToken) is not null;
}
