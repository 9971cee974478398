using BackgroundJobs.Api.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Notifications;

/// <summary><c>POST /api/jobs/{id}/deliveries/{deliveryId}/redeliver</c>: send a finished delivery's event again.</summary>
public sealed class Redeliver(WebhookDeliveryEndpoints endpoints)
{
    [Function(nameof(Redeliver))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "jobs/{id}/deliveries/{deliveryId}/redeliver")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        string id,
        string deliveryId)
    {
        ArgumentNullException.ThrowIfNull(context);
        return endpoints.RedeliverAsync(request, client, id, deliveryId, context.CancellationToken);
    }
}
