using BackgroundJobs.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Jobs;

/// <summary><c>POST /api/jobs/{id}/retry</c>: run a failed or canceled job again as a new, linked job.</summary>
public sealed class RetryJob(RetryJobEndpoints endpoints)
{
    [Function(nameof(RetryJob))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "jobs/{id}/retry")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        return endpoints.RetryAsync(request, client, id, context.CancellationToken);
    }
}
