using BackgroundJobs.Api.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Notifications;

/// <summary><c>GET /api/jobs/{id}/events</c>: the job's events as Server-Sent Events until it ends.</summary>
public sealed class StreamJobEvents(JobEventStreamEndpoint endpoint)
{
    [Function(nameof(StreamJobEvents))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "jobs/{id}/events")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        return endpoint.StreamAsync(client, id, context.CancellationToken);
    }
}
