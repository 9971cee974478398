using System.Security.Cryptography;
using System.Text.Json;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.Api.Schedules;

/// <summary>
/// Schedules in the blob store: a definition and its state each a JSON blob. A definition's ETag is
/// the hash of its stored JSON; a write that names an ETag (<c>If-Match</c>) compares and writes under
/// this process's lock, so of two clients of one instance the second gets 412. (The blob port has
/// no conditional replace; across instances the compare and the write are two calls.)
/// </summary>
public sealed class ScheduleStore(IBlobStore blobs) : IDisposable
{
    private const string DefinitionsPrefix = "schedules/definitions/";
    private const string StatePrefix = "schedules/state/";

    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<(StoredSchedule? Schedule, string? ETag)> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var stream = await blobs.OpenReadAsync(DefinitionsPrefix + name + ".json", cancellationToken);
        if (stream is null)
        {
            return (null, null);
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        return (JsonSerializer.Deserialize<StoredSchedule>(bytes, JobJson.Options), ETagOf(bytes));
    }

    public async IAsyncEnumerable<StoredSchedule> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var blob in blobs.ListAsync(DefinitionsPrefix, cancellationToken))
        {
            var name = blob[DefinitionsPrefix.Length..^".json".Length];
            if ((await ReadAsync(name, cancellationToken)).Schedule is { } schedule)
            {
                yield return schedule;
            }
        }
    }

    /// <summary>Writes the definition when the stored one's ETag is <paramref name="ifMatch"/> (any, when null); returns the new ETag, or null on a mismatch.</summary>
    public async Task<string?> WriteAsync(StoredSchedule schedule, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var (_, current) = await ReadAsync(schedule.Name, cancellationToken);
            if (ifMatch is not null && ifMatch != "*" && ifMatch != current)
            {
                return null;
            }

            if (ifMatch == "*" && current is null)
            {
                return null;
            }

            var bytes = JsonSerializer.SerializeToUtf8Bytes(schedule, JobJson.Options);
            using var content = new MemoryStream(bytes);
            await blobs.WriteAsync(DefinitionsPrefix + schedule.Name + ".json", content, "application/json", cancellationToken);
            return ETagOf(bytes);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var deleted = await blobs.DeletePrefixAsync(DefinitionsPrefix + name + ".json", cancellationToken);
        await blobs.DeletePrefixAsync(StatePrefix + name + ".json", cancellationToken);
        return deleted > 0;
    }

    public async Task<ScheduleState> ReadStateAsync(string name, CancellationToken cancellationToken = default) =>
        await blobs.ReadJsonAsync<ScheduleState>(StatePrefix + name + ".json", cancellationToken) ?? ScheduleState.Empty;

    public Task WriteStateAsync(string name, ScheduleState state, CancellationToken cancellationToken = default) =>
        blobs.WriteJsonAsync(StatePrefix + name + ".json", state, cancellationToken);

    /// <summary>Claims one occurrence, atomically across instances: only the caller that gets true starts its job or records its skip.</summary>
    public async Task<bool> TryClaimAsync(string name, DateTimeOffset occurrence, CancellationToken cancellationToken = default)
    {
        using var empty = new MemoryStream([]);
        return await blobs.TryCreateAsync($"schedules/claims/{name}/{ScheduleRunner.OccurrenceText(occurrence)}", empty, "application/octet-stream", cancellationToken);
    }

    public void Dispose() => gate.Dispose();

    private static string ETagOf(byte[] bytes) => "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"";
}
