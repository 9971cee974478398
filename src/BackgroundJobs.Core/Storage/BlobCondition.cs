namespace BackgroundJobs.Core.Storage;

/// <summary>
/// When <see cref="IBlobStore.TryWriteAsync"/> may write: the HTTP preconditions of a blob write
/// (<c>If-Match</c> with an ETag or <c>*</c>, <c>If-None-Match: *</c>), or none.
/// </summary>
public sealed record BlobCondition
{
    private BlobCondition(string? ifMatch, bool ifNotExists)
    {
        IfMatch = ifMatch;
        IfNotExists = ifNotExists;
    }

    /// <summary>Always writes; the write still returns the new ETag.</summary>
    public static BlobCondition None { get; } = new(null, false);

    /// <summary>Writes only when no blob of the name exists (<c>If-None-Match: *</c>).</summary>
    public static BlobCondition NotExists { get; } = new(null, true);

    /// <summary>Writes only when a blob of the name exists, whatever its version (<c>If-Match: *</c>).</summary>
    public static BlobCondition Exists { get; } = new(AnyETag, false);

    public const string AnyETag = "*";

    /// <summary>The ETag the current version must have, <see cref="AnyETag"/> for any, or null for no such condition.</summary>
    public string? IfMatch { get; }

    public bool IfNotExists { get; }

    /// <summary>Writes only over the version with this ETag (as an HTTP <c>If-Match</c> holds it, quotes included); <c>*</c> is <see cref="Exists"/>.</summary>
    public static BlobCondition Matches(string etag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(etag);
        return etag == AnyETag ? Exists : new(etag, false);
    }

    /// <summary>Whether a blob whose current ETag is <paramref name="current"/> (null: none) may be written; for stores that check it themselves.</summary>
    public bool AllowsOver(string? current) =>
        IfNotExists ? current is null
        : IfMatch is null || (current is not null && (IfMatch == AnyETag || IfMatch == current));
}
