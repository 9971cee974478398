using BackgroundJobs.Api.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace BackgroundJobs.Functions.Uploads;

/// <summary><c>PUT /api/uploads/{name}</c>: stores or replaces <c>uploads/{name}</c> (see <see cref="NamedUploadEndpoint"/>).</summary>
/// <remarks>Public because the generated function executor calls only public classes directly; others fall back to reflection.</remarks>
public sealed class PutUpload(NamedUploadEndpoint endpoint)
{
    [Function(nameof(PutUpload))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "uploads/{name}")] HttpRequest request,
        string name,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return endpoint.PutAsync(name, request, context.CancellationToken);
    }
}
