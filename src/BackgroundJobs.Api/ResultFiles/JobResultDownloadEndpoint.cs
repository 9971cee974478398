using BackgroundJobs.Api.Http;
using BackgroundJobs.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.Api.ResultFiles;

/// <summary>
/// <c>GET /api/jobs/{id}/results/{*name}</c>: streams one of a job's result blobs. The route for
/// stores that cannot sign a direct URL (the local folder), and a fallback on any store.
/// </summary>
public sealed class JobResultDownloadEndpoint(IBlobStore blobs)
{
    public const string Route = "jobs/{id}/results/{*name}";

    public async Task<IResult> DownloadAsync(string id, string name, CancellationToken cancellationToken = default)
    {
        // A client generated from the OpenAPI document sends the name as one path parameter, its slashes as
        // %2F, which the server leaves encoded. Decoded here; the checks below still refuse '..' and '%'.
        name = Uri.UnescapeDataString(name ?? string.Empty);
        if (ResultNames.BlobFor(id, name) is not { } blob)
        {
            return Problems.Field("name", "must be a result file of the job, as listed by GET /api/jobs/{id}.");
        }

        var stream = await blobs.OpenReadAsync(blob, cancellationToken);
        return stream is null
            ? Problems.NotFound($"Job '{id}' has no result '{name}'.")
            : Results.Stream(stream, ResultNames.ContentTypeOf(blob), fileDownloadName: Path.GetFileName(blob));
    }
}
