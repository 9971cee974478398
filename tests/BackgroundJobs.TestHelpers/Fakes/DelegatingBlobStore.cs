using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.TestHelpers.Fakes;

/// <summary>Passes every call to another store; a fake overrides only the calls it changes.</summary>
public abstract class DelegatingBlobStore(IBlobStore inner) : IBlobStore
{
    protected IBlobStore Inner => inner;

    public virtual Task WriteAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(name, content, contentType, cancellationToken);

    public virtual Task<bool> TryCreateAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default) =>
        inner.TryCreateAsync(name, content, contentType, cancellationToken);

    public virtual Task<string?> TryWriteAsync(string name, Stream content, string contentType, BlobCondition condition, CancellationToken cancellationToken = default) =>
        inner.TryWriteAsync(name, content, contentType, condition, cancellationToken);

    public virtual Task<VersionedBlob?> OpenReadVersionedAsync(string name, CancellationToken cancellationToken = default) => inner.OpenReadVersionedAsync(name, cancellationToken);

    public virtual Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default) => inner.OpenReadAsync(name, cancellationToken);

    public virtual Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) => inner.ExistsAsync(name, cancellationToken);

    public virtual IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public virtual Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default) => inner.DeletePrefixAsync(prefix, cancellationToken);
}
