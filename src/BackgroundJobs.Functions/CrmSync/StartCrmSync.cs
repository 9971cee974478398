using BackgroundJobs.Api.CrmSync;
using BackgroundJobs.Functions.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.CrmSync;

/// <summary><c>POST /api/jobs/crm-sync</c>: the shared handler validates, starts and answers 202.</summary>
/// <remarks>Public because the generated function executor calls only public classes directly; others fall back to reflection.</remarks>
public sealed class StartCrmSync(CrmSyncEndpoint endpoint)
{
    [Function(nameof(StartCrmSync))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "jobs/crm-sync")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var links = await DurableManagementLinks.ForInvocationAsync(client, context);
        return await endpoint.StartCrmSyncAsync(request, client, links, context.CancellationToken);
    }
}
