using BackgroundJobs.Api.Documents;
using BackgroundJobs.Functions.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Documents;

/// <summary><c>POST /api/jobs/documents</c>: the shared handler validates, starts and answers 202.</summary>
/// <remarks>Public because the generated function executor calls only public classes directly; others fall back to reflection.</remarks>
public sealed class StartDocumentProcessing(DocumentEndpoint endpoint)
{
    [Function(nameof(StartDocumentProcessing))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "jobs/documents")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var links = await DurableManagementLinks.ForInvocationAsync(client, context);
        return await endpoint.StartDocumentProcessingAsync(request, client, links, context.CancellationToken);
    }
}
