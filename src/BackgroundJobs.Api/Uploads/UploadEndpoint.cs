using BackgroundJobs.Api.Http;
using BackgroundJobs.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Api.Uploads;

/// <summary>
/// <c>POST /api/uploads</c>: streams the raw request body into blob storage under a new
/// <c>uploads/</c> name. The file name is never trusted; only a known extension is kept.
/// </summary>
public sealed class UploadEndpoint(IBlobStore blobs, IOptions<UploadOptions> options)
{
    /// <summary>The media types an upload may have (anything else is <c>415</c>).</summary>
    public static IReadOnlyCollection<string> MediaTypes => ExtensionByMediaType.Keys;

    private static readonly Dictionary<string, string> ExtensionByMediaType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text/csv"] = ".csv",
        ["application/json"] = ".json",
        ["application/x-ndjson"] = ".jsonl",
        ["application/jsonl"] = ".jsonl",
        ["application/pdf"] = ".pdf",
        ["image/png"] = ".png",
        ["image/jpeg"] = ".jpg",
        ["image/webp"] = ".webp",
        ["text/plain"] = ".txt",
        ["application/octet-stream"] = ".bin",
    };

    public async Task<IResult> UploadAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var (mediaType, extension, problem) = CheckRequest(request);
        if (problem is not null)
        {
            return problem;
        }

        var (file, writeProblem) = await WriteNewAsync(request, mediaType!, extension!, cancellationToken);
        return writeProblem ?? Results.Created((string?)null, file);
    }

    /// <summary>The checks every upload passes before a byte is stored: a known content type, a length within the limit, not empty.</summary>
    internal (string? MediaType, string? Extension, IResult? Problem) CheckRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var maxBytes = options.Value.MaxBytes;
        var mediaType = (request.ContentType ?? string.Empty).Split(';', 2)[0].Trim();
        if (!ExtensionByMediaType.TryGetValue(mediaType, out var extension))
        {
            return (null, null, Problems.Field("Content-Type", $"must be one of: {string.Join(", ", ExtensionByMediaType.Keys)}.", StatusCodes.Status415UnsupportedMediaType, "Unsupported media type."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, null, TooLarge(maxBytes));
        }

        return request.ContentLength == 0
            ? (null, null, Problems.Field("body", "is empty; send the file as the request body."))
            : (mediaType, extension, null);
    }

    /// <summary>Streams the body into a new <c>uploads/</c> name, within the size limit; nothing is left behind on a refusal.</summary>
    internal async Task<(UploadedFile? File, IResult? Problem)> WriteNewAsync(HttpRequest request, string mediaType, string extension, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var maxBytes = options.Value.MaxBytes;
        var name = BlobNames.Upload(Guid.NewGuid(), extension);
        var body = new SizeLimitedStream(request.Body, maxBytes);
        try
        {
            await blobs.WriteAsync(name, body, mediaType, cancellationToken);
        }
        catch (UploadTooLargeException)
        {
            await blobs.DeletePrefixAsync(name, CancellationToken.None);
            return (null, TooLarge(maxBytes));
        }

        if (body.BytesRead == 0)
        {
            await blobs.DeletePrefixAsync(name, CancellationToken.None);
            return (null, Problems.Field("body", "is empty; send the file as the request body."));
        }

        return (new UploadedFile(name, body.BytesRead, mediaType), null);
    }

    private static IResult TooLarge(long maxBytes) =>
        Problems.Field("body", $"is larger than the upload limit of {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge, "Upload too large.");
}
