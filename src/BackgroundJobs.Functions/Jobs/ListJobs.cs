using BackgroundJobs.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Jobs;

/// <summary><c>GET /api/jobs</c>: jobs newest first, filtered and paged by the shared handler.</summary>
public sealed class ListJobs(ListJobsEndpoint endpoint)
{
    [Function(nameof(ListJobs))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "jobs")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var links = await DurableManagementLinks.ForInvocationAsync(client, context);
        return await endpoint.ListAsync(request, client, links, context.CancellationToken);
    }
}
