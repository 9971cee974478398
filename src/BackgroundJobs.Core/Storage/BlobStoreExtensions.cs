using System.Text.Json;

namespace BackgroundJobs.Core.Storage;

/// <summary>JSON helpers over <see cref="IBlobStore"/>, shared by activities and handlers.</summary>
public static class BlobStoreExtensions
{
    public static async Task WriteJsonAsync<T>(this IBlobStore store, string name, T value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var buffer = Serialize(value);
        await store.WriteAsync(name, buffer, "application/json", cancellationToken);
    }

    /// <summary>Creates a JSON blob only if none of that name exists; see <see cref="IBlobStore.TryCreateAsync"/>.</summary>
    public static async Task<bool> TryCreateJsonAsync<T>(this IBlobStore store, string name, T value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var buffer = Serialize(value);
        return await store.TryCreateAsync(name, buffer, "application/json", cancellationToken);
    }

    /// <summary>Reads a JSON blob, or returns default when it does not exist.</summary>
    public static async Task<T?> ReadJsonAsync<T>(this IBlobStore store, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var stream = await store.OpenReadAsync(name, cancellationToken);
        return stream is null ? default : await JsonSerializer.DeserializeAsync<T>(stream, JobJson.Options, cancellationToken);
    }

    /// <summary>Writes a JSON blob if the condition holds; see <see cref="IBlobStore.TryWriteAsync"/>. Returns the new ETag, or null.</summary>
    public static async Task<string?> TryWriteJsonAsync<T>(this IBlobStore store, string name, T value, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var buffer = Serialize(value);
        return await store.TryWriteAsync(name, buffer, "application/json", condition, cancellationToken);
    }

    /// <summary>Reads a JSON blob with its ETag, or returns (default, null) when it does not exist.</summary>
    public static async Task<(T? Value, string? ETag)> ReadJsonVersionedAsync<T>(this IBlobStore store, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var blob = await store.OpenReadVersionedAsync(name, cancellationToken);
        return blob is null ? (default, null) : (await JsonSerializer.DeserializeAsync<T>(blob.Content, JobJson.Options, cancellationToken), blob.ETag);
    }

    // One array of the exact size (the serializer writes into a pooled buffer first): a growing
    // MemoryStream copied a 1,000-recipient batch four times over, the last onto the
    // large-object heap, whose churn sets off full collections. Its buffer is visible, so the
    // local folder store writes it to the file in one call (MemoryStream.TryGetBuffer).
    private static MemoryStream Serialize<T>(T value)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, JobJson.Options);
        return new MemoryStream(json, 0, json.Length, writable: false, publiclyVisible: true);
    }
}
