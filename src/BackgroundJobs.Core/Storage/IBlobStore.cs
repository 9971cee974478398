namespace BackgroundJobs.Core.Storage;

/// <summary>
/// The one port to blob storage: Azure Blob Storage (or Azurite) when a connection string is set, a
/// local folder in the server's embedded default. Names are relative paths such as
/// <c>jobs/{id}/batches/00001.json</c>; see <see cref="BlobNames"/>.
/// </summary>
public interface IBlobStore
{
    /// <summary>Writes (or replaces) a blob from a stream, without buffering it whole.</summary>
    Task WriteAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the blob only if no blob of that name exists, atomically: of two concurrent callers
    /// exactly one gets true. Used for claims and records that must be taken once.
    /// </summary>
    Task<bool> TryCreateAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the blob only when its current version meets the condition, atomically against every
    /// other writer of the same store, other processes and machines included: of two writers that
    /// read one version and write with its ETag, exactly one succeeds. Returns the new version's
    /// ETag, or null when the condition did not hold (nothing was written).
    /// </summary>
    Task<string?> TryWriteAsync(string name, Stream content, string contentType, BlobCondition condition, CancellationToken cancellationToken = default);

    /// <summary>Opens a blob for reading with the ETag of exactly the version it reads, or returns null when it does not exist.</summary>
    Task<VersionedBlob?> OpenReadVersionedAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Opens a blob for reading, or returns null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a blob for reading from a byte offset, or returns null when it does not exist. This
    /// default seeks when the stream can, else reads and discards up to the offset; a store that can
    /// ask for a range (Azure) overrides it, so a cursor deep into a large file costs one request.
    /// </summary>
    async Task<Stream?> OpenReadFromAsync(string name, long offset, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var stream = await OpenReadAsync(name, cancellationToken);
        if (stream is null || offset == 0)
        {
            return stream;
        }

        if (stream.CanSeek)
        {
            stream.Seek(offset, SeekOrigin.Begin);
            return stream;
        }

        var discard = new byte[81920];
        for (var left = offset; left > 0;)
        {
            var read = await stream.ReadAsync(discard.AsMemory(0, (int)Math.Min(discard.Length, left)), cancellationToken);
            if (read == 0)
            {
                break;
            }

            left -= read;
        }

        return stream;
    }

    Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// The blob's size in bytes, or null when it does not exist. This default opens the blob and
    /// asks a seekable stream; a store that can read the size from the blob's properties (Azure) overrides it.
    /// </summary>
    async Task<long?> GetSizeAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenReadAsync(name, cancellationToken);
        return stream switch
        {
            null => null,
            { CanSeek: true } => stream.Length,
            _ => throw new NotSupportedException($"{GetType().Name} cannot tell a blob's size; override GetSizeAsync."),
        };
    }

    /// <summary>The names of the blobs that start with the prefix, in ordinal order, read page by page.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes every blob whose name starts with the prefix; returns how many went.</summary>
    Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default);
}
