using BackgroundJobs.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Jobs;

/// <summary><c>DELETE /api/jobs/{id}</c>: purge a finished job, its sub-instances and its blobs.</summary>
public sealed class PurgeJob(PurgeJobEndpoint endpoint)
{
    [Function(nameof(PurgeJob))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "jobs/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        return endpoint.PurgeAsync(client, id, context.CancellationToken);
    }
}
