using BackgroundJobs.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Jobs;

/// <summary><c>POST /api/jobs/{id}/cancel</c>: terminate the job, record who and why, and notify.</summary>
public sealed class CancelJob(CancelJobEndpoint endpoint)
{
    [Function(nameof(CancelJob))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "jobs/{id}/cancel")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        return endpoint.CancelAsync(request, client, id, context.CancellationToken);
    }
}
