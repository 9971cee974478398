using BackgroundJobs.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Functions.Jobs;

/// <summary><c>GET /api/jobs/{id}</c>: the job as the shared handler shows it.</summary>
/// <remarks>Public because the generated function executor calls only public classes directly; others fall back to reflection.</remarks>
public sealed class GetJob
{
    [Function(nameof(GetJob))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "jobs/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        var links = await DurableManagementLinks.ForInvocationAsync(client, context);
        // From the invocation's services rather than the constructor, so the class stays creatable without a container.
        var details = context.InstanceServices.GetRequiredService<JobDetails>();
        return await details.GetAsync(client, links, request, id, context.CancellationToken);
    }
}
