namespace BackgroundJobs.Core.Storage;

/// <summary>A blob opened for reading, with the ETag of the version being read (quoted, as HTTP sends it).</summary>
public sealed record VersionedBlob(Stream Content, string ETag) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
