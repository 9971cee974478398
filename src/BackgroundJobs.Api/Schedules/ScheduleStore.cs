using System.Globalization;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.Api.Schedules;

/// <summary>
/// Schedules in the blob store: a definition and its state each a JSON blob, and a claim per
/// occurrence. A write that depends on what was read names the version it read (the blob store's
/// ETag), and the blob store refuses it if anyone wrote in between, on any instance: so a
/// <c>PUT</c> with a stale <c>If-Match</c> gets 412 however many servers share the store, and two
/// runners recording outcomes of one schedule both land.
/// </summary>
public sealed class ScheduleStore(IBlobStore blobs)
{
    private const string DefinitionsPrefix = "schedules/definitions/";
    private const string StatePrefix = "schedules/state/";
    private const string ClaimsPrefix = "schedules/claims/";

    // A claim is named by its occurrence, yyyyMMddTHHmmssZ: its first eight characters are its day.
    private const int DayLength = 8;

    /// <summary>The definition and the ETag of the version read, or (null, null).</summary>
    public Task<(StoredSchedule? Schedule, string? ETag)> ReadAsync(string name, CancellationToken cancellationToken = default) =>
        blobs.ReadJsonVersionedAsync<StoredSchedule>(DefinitionName(name), cancellationToken);

    public async IAsyncEnumerable<(StoredSchedule Schedule, string ETag)> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var blob in blobs.ListAsync(DefinitionsPrefix, cancellationToken))
        {
            var name = blob[DefinitionsPrefix.Length..^".json".Length];
            if (await ReadAsync(name, cancellationToken) is ({ } schedule, { } etag))
            {
                yield return (schedule, etag);
            }
        }
    }

    /// <summary>
    /// Writes the definition when the stored one's ETag is <paramref name="ifMatch"/> (<c>*</c>: any
    /// stored one; null: whatever is stored, or none); returns the new ETag, or null on a mismatch.
    /// </summary>
    public Task<string?> WriteAsync(StoredSchedule schedule, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var condition = ifMatch is null ? BlobCondition.None : BlobCondition.Matches(ifMatch);
        return blobs.TryWriteJsonAsync(DefinitionName(schedule.Name), schedule, condition, cancellationToken);
    }

    /// <summary>Writes the definition only if there is none of that name; returns the new ETag, or null when one exists.</summary>
    public Task<string?> TryCreateAsync(StoredSchedule schedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return blobs.TryWriteJsonAsync(DefinitionName(schedule.Name), schedule, BlobCondition.NotExists, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var deleted = await blobs.DeletePrefixAsync(DefinitionName(name), cancellationToken);
        await blobs.DeletePrefixAsync(StateName(name), cancellationToken);
        await blobs.DeletePrefixAsync(ClaimsPrefix + name + "/", cancellationToken);
        return deleted > 0;
    }

    public async Task<ScheduleState> ReadStateAsync(string name, CancellationToken cancellationToken = default) =>
        await blobs.ReadJsonAsync<ScheduleState>(StateName(name), cancellationToken) ?? ScheduleState.Empty;

    /// <summary>
    /// Applies the change to the stored state and writes it over exactly the version it read; if
    /// another runner wrote in between, reads again and reapplies, so no outcome is lost.
    /// </summary>
    public async Task<ScheduleState> UpdateStateAsync(string name, Func<ScheduleState, ScheduleState> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
        {
            var (state, etag) = await blobs.ReadJsonVersionedAsync<ScheduleState>(StateName(name), cancellationToken);
            var changed = change(state ?? ScheduleState.Empty);
            var condition = etag is null ? BlobCondition.NotExists : BlobCondition.Matches(etag);
            if (await blobs.TryWriteJsonAsync(StateName(name), changed, condition, cancellationToken) is not null)
            {
                return changed;
            }
        }
    }

    /// <summary>Claims one occurrence, atomically across instances: only the caller that gets true starts its job or records its skip.</summary>
    public async Task<bool> TryClaimAsync(string name, DateTimeOffset occurrence, CancellationToken cancellationToken = default)
    {
        using var empty = new MemoryStream([]);
        return await blobs.TryCreateAsync($"{ClaimsPrefix}{name}/{ScheduleRunner.OccurrenceText(occurrence)}", empty, "application/octet-stream", cancellationToken);
    }

    /// <summary>
    /// Deletes the claims of every UTC day before <paramref name="before"/>'s, a day's claims at a
    /// time (one prefix each). A claim only has to outlive the instants in which two instances can
    /// race for its occurrence; after that the state's last occurrence keeps it from running again.
    /// </summary>
    /// <returns>How many claims went.</returns>
    public async Task<int> DeleteClaimsBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var cutoffDay = before.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var oldDays = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var claim in blobs.ListAsync(ClaimsPrefix, cancellationToken))
        {
            var dayStart = claim.LastIndexOf('/') + 1;
            if (claim.Length - dayStart >= DayLength && string.CompareOrdinal(claim, dayStart, cutoffDay, 0, DayLength) < 0)
            {
                oldDays.Add(claim[..(dayStart + DayLength)]);
            }
        }

        var deleted = 0;
        foreach (var day in oldDays)
        {
            deleted += await blobs.DeletePrefixAsync(day, cancellationToken);
        }

        return deleted;
    }

    private static string DefinitionName(string name) => DefinitionsPrefix + name + ".json";

    private static string StateName(string name) => StatePrefix + name + ".json";
}
