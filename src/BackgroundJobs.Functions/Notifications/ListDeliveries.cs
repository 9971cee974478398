using BackgroundJobs.Api.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Notifications;

/// <summary><c>GET /api/jobs/{id}/deliveries</c>: the job's webhook delivery log.</summary>
public sealed class ListDeliveries(WebhookDeliveryEndpoints endpoints)
{
    [Function(nameof(ListDeliveries))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "jobs/{id}/deliveries")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        return endpoints.ListAsync(request, client, id, context.CancellationToken);
    }
}
