using System.Collections.Concurrent;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.TestHelpers.Fakes;

/// <summary>A blob store in a dictionary, for activity unit tests; the real stores are tested against disk and Azurite.</summary>
public sealed class InMemoryBlobStore : IBlobStore
{
    public ConcurrentDictionary<string, byte[]> Blobs { get; } = new(StringComparer.Ordinal);

    public int Writes;

    public async Task WriteAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        Blobs[name] = copy.ToArray();
        Interlocked.Increment(ref Writes);
    }

    public async Task<bool> TryCreateAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        return Blobs.TryAdd(name, copy.ToArray());
    }

    public async Task<string?> TryWriteAsync(string name, Stream content, string contentType, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        lock (Blobs)
        {
            if (!condition.AllowsOver(Blobs.TryGetValue(name, out var current) ? ETagOf(current) : null))
            {
                return null;
            }

            Blobs[name] = copy.ToArray();
            Interlocked.Increment(ref Writes);
            return ETagOf(Blobs[name]);
        }
    }

    public Task<VersionedBlob?> OpenReadVersionedAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Blobs.TryGetValue(name, out var bytes) ? new VersionedBlob(new MemoryStream(bytes, writable: false), ETagOf(bytes)) : null);

    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream?>(Blobs.TryGetValue(name, out var bytes) ? new MemoryStream(bytes, writable: false) : null);

    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(Blobs.ContainsKey(name));

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        Blobs.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList().ToAsyncEnumerable();

    public Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var names = Blobs.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        names.ForEach(n => Blobs.TryRemove(n, out _));
        return Task.FromResult(names.Count);
    }

    private static string ETagOf(byte[] bytes) => "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) + "\"";

    public string ReadText(string name) => System.Text.Encoding.UTF8.GetString(Blobs[name]);
}
