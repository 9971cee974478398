using BackgroundJobs.Api.Notifications;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.Samples.WordCount;

/// <summary>
/// Runs before anything is started or stored. Each error is keyed by the field's JSON name, and the
/// platform answers them as a <c>400</c> problem document.
/// </summary>
public sealed class WordCountRequestValidator(IBlobStore blobs, JobRequestValidator jobRequest)
{
    public async Task<Dictionary<string, string[]>> ValidateAsync(WordCountRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors.TryAdd(field, [message]);

        if (request.LinesPerChunk is < 1 or > WordCountLimits.MaxLinesPerChunk)
        {
            Add("linesPerChunk", $"must be between 1 and {WordCountLimits.MaxLinesPerChunk}.");
        }

        if (!BlobNames.IsValidUploadName(request.Blob))
        {
            Add("blob", "is required: the name returned by POST /api/uploads (uploads/...).");
        }
        else if (await blobs.GetSizeAsync(request.Blob!, cancellationToken) is not { } size)
        {
            Add("blob", $"'{request.Blob}' does not exist; upload the text with POST /api/uploads first.");
        }
        else if (size > WordCountLimits.MaxFileBytes)
        {
            Add("blob", $"is {size} bytes; a word count takes at most {WordCountLimits.MaxFileBytes}.");
        }

        // The callback URL (the same SSRF guard as every webhook) and the e-mail address.
        await jobRequest.ValidateAsync(request, Add, cancellationToken);
        return errors;
    }
}
