using BackgroundJobs.Api.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace BackgroundJobs.Functions.Uploads;

/// <summary>
/// <c>POST /api/uploads</c>: streams the body into blob storage. It starts no orchestration, so it
/// binds no Durable client.
/// </summary>
/// <remarks>Public because the generated function executor calls only public classes directly; others fall back to reflection.</remarks>
public sealed class Upload(UploadEndpoint endpoint)
{
    [Function(nameof(Upload))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "uploads")] HttpRequest request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return endpoint.UploadAsync(request, context.CancellationToken);
    }
}
