using BackgroundJobs.Api.ResultFiles;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace BackgroundJobs.Functions.Jobs;

/// <summary>
/// <c>GET /api/jobs/{id}/results/{*name}</c>: streams a result file. On Functions the store is Azure
/// Storage, whose links are usually SAS URLs; this route serves when the app's identity cannot sign one.
/// </summary>
/// <remarks>Public because the generated function executor calls only public classes directly; others fall back to reflection.</remarks>
public sealed class DownloadJobResult(JobResultDownloadEndpoint endpoint)
{
    [Function(nameof(DownloadJobResult))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = JobResultDownloadEndpoint.Route)] HttpRequest request,
        FunctionContext context,
        string id,
        string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        return endpoint.DownloadAsync(id, name, context.CancellationToken);
    }
}
