using System.Security.Cryptography;
using BackgroundJobs.Api.Http;
using BackgroundJobs.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.Api.Uploads;

/// <summary>
/// <c>PUT /api/uploads/{name}</c>: stores the body under <c>uploads/{name}</c>, with the checks and
/// limits of <c>POST /api/uploads</c>, so that a recurring source file (a nightly CRM export) can be
/// replaced in place. The body is first streamed to a new name, so a refused body (too large)
/// never damages the file already there; then it is copied over it. The ETag is the hash of the
/// content; <c>If-Match</c> is compared and the copy made under this process's lock.
/// </summary>
public sealed class NamedUploadEndpoint(UploadEndpoint uploads, IBlobStore blobs) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<IResult> PutAsync(string name, HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var blobName = BlobNames.UploadsPrefix + name;
        if (!BlobNames.IsValidUploadName(blobName))
        {
            return Problems.Field("name", "must be letters, digits, '-', '_' and '.', not starting with '.' nor holding '..', at most 192 characters.");
        }

        var (mediaType, extension, problem) = uploads.CheckRequest(request);
        if (problem is not null)
        {
            return problem;
        }

        if (!name.EndsWith(extension!, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Field("name", $"must end with {extension} for {mediaType}: a job reads the format from the extension.");
        }

        var (staged, writeProblem) = await uploads.WriteNewAsync(request, mediaType!, extension!, cancellationToken);
        if (writeProblem is not null)
        {
            return writeProblem;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            var current = await ETagOfAsync(blobName, cancellationToken);
            var ifMatch = request.Headers.IfMatch.ToString();
            if (ifMatch.Length > 0 && (current is null || (ifMatch != "*" && ifMatch != current)))
            {
                return Problems.Field("If-Match", "does not match the file's current ETag: it was replaced (or deleted) since you read it.", StatusCodes.Status412PreconditionFailed, "Precondition failed.");
            }

            await using (var source = await blobs.OpenReadAsync(staged!.Name, cancellationToken))
            {
                await blobs.WriteAsync(blobName, source!, mediaType!, cancellationToken);
            }

            request.HttpContext.Response.Headers.ETag = await ETagOfAsync(blobName, cancellationToken);
            var file = staged with { Name = blobName };
            return current is null ? Results.Created((string?)null, file) : Results.Ok(file);
        }
        finally
        {
            gate.Release();
            await blobs.DeletePrefixAsync(staged!.Name, CancellationToken.None);
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task<string?> ETagOfAsync(string name, CancellationToken cancellationToken)
    {
        await using var stream = await blobs.OpenReadAsync(name, cancellationToken);
        return stream is null ? null : "\"" + Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken))[..32] + "\"";
    }
}
