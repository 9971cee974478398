using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.Api.Uploads;

/// <summary>The first line of an uploaded file, so a start endpoint can refuse a wrong file before anything runs.</summary>
public static class UploadedFirstLine
{
    private const int MaxChars = 16 * 1024;

    /// <summary>The first line (at most 16 K characters), or null when the blob does not exist.</summary>
    public static async Task<string?> ReadAsync(IBlobStore blobs, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        await using var stream = await blobs.OpenReadAsync(name, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        // A header row is short; read a bounded prefix, not a whole line of a 100 MB file.
        var buffer = new char[MaxChars];
        using var reader = new StreamReader(stream);
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        var text = new string(buffer, 0, read);
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return end >= 0 ? text[..end] : text;
    }
}
