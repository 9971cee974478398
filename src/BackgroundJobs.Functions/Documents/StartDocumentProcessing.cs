using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Functions.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Documents;

/// <summary><c>POST /api/jobs/documents</c>: the shared start handler of the type validates, starts and answers 202.</summary>
/// <remarks>Public because the generated function executor calls only public classes directly; others fall back to reflection.</remarks>
public sealed class StartDocumentProcessing(JobTypeEndpoints endpoints)
{
    [Function(nameof(StartDocumentProcessing))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "jobs/documents")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var links = await DurableManagementLinks.ForInvocationAsync(client, context);
        return await endpoints.StartAsync(Core.Jobs.JobTypes.Documents, request, client, links, context.CancellationToken);
    }
}
