using BackgroundJobs.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Jobs;

/// <summary><c>POST /api/jobs/retry</c>: retry the failed jobs matching a filter, a capped number per call.</summary>
public sealed class RetryFailedJobs(RetryJobEndpoints endpoints)
{
    [Function(nameof(RetryFailedJobs))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "jobs/retry")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return endpoints.RetryManyAsync(request, client, context.CancellationToken);
    }
}
