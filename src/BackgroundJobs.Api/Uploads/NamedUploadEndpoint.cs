using BackgroundJobs.Api.Http;
using BackgroundJobs.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.Api.Uploads;

/// <summary>
/// <c>PUT /api/uploads/{name}</c>: stores the body under <c>uploads/{name}</c>, with the checks and
/// limits of <c>POST /api/uploads</c>, so that a recurring source file (a nightly CRM export) can be
/// replaced in place. The body is first streamed to a new name, so a refused body (too large)
/// never damages the file already there; then it is copied over it. The ETag is the blob store's;
/// <c>If-Match</c> is checked by the blob store as it writes, so it holds across instances.
/// </summary>
public sealed class NamedUploadEndpoint(UploadEndpoint uploads, IBlobStore blobs)
{
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

        try
        {
            var ifMatch = request.Headers.IfMatch.ToString();
            if (ifMatch.Length > 0)
            {
                var replaced = await CopyAsync(staged!.Name, blobName, mediaType!, BlobCondition.Matches(ifMatch), cancellationToken);
                return replaced is null
                    ? Problems.Field("If-Match", "does not match the file's current ETag: it was replaced (or deleted) since you read it.", StatusCodes.Status412PreconditionFailed, "Precondition failed.")
                    : Stored(request, staged with { Name = blobName }, replaced, created: false);
            }

            // Created only if no other request (on any instance) created it first; else it replaces what
            // is there. A file that exists already is replaced at once: a large body is copied once.
            var created = await blobs.ExistsAsync(blobName, cancellationToken)
                ? null
                : await CopyAsync(staged!.Name, blobName, mediaType!, BlobCondition.NotExists, cancellationToken);
            var etag = created ?? await CopyAsync(staged!.Name, blobName, mediaType!, BlobCondition.None, cancellationToken);
            return Stored(request, staged! with { Name = blobName }, etag!, created is not null);
        }
        finally
        {
            await blobs.DeletePrefixAsync(staged!.Name, CancellationToken.None);
        }
    }

    private static IResult Stored(HttpRequest request, UploadedFile file, string etag, bool created)
    {
        request.HttpContext.Response.Headers.ETag = etag;
        return created ? Results.Created((string?)null, file) : Results.Ok(file);
    }

    // The blob store checks the condition as it writes, so If-Match holds across instances too.
    private async Task<string?> CopyAsync(string staged, string name, string mediaType, BlobCondition condition, CancellationToken cancellationToken)
    {
        await using var source = await blobs.OpenReadAsync(staged, cancellationToken);
        return await blobs.TryWriteAsync(name, source!, mediaType, condition, cancellationToken);
    }
}
