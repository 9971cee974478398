namespace BackgroundJobs.JobTypes.Documents;

/// <summary>
/// A document job's result, and (with <see cref="PageFiles"/>) its <c>summary.json</c>.
/// <see cref="Files"/> names the blobs a client downloads; <c>GET /api/jobs/{id}</c> links them.
/// </summary>
public sealed record DocumentResult
{
    public required DocumentKind Kind { get; init; }

    /// <summary>The uploaded file, which the job never changes or deletes.</summary>
    public required string Input { get; init; }

    public required IReadOnlyList<string> Files { get; init; }

    public int? Pages { get; init; }

    public long? Words { get; init; }

    /// <summary>Characters of extracted text that are not white space.</summary>
    public long? Characters { get; init; }

    public string? Title { get; init; }

    public string? Author { get; init; }

    public IReadOnlyList<FailedPage>? FailedPages { get; init; }

    /// <summary>All pages' text in page order, each page ending with a form feed.</summary>
    public string? TextBlob { get; init; }

    public string? SummaryBlob { get; init; }

    /// <summary>One text blob per extracted page, in page order; only in <c>summary.json</c>, so the history stays small.</summary>
    public IReadOnlyList<string>? PageFiles { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public IReadOnlyList<ImageVariant>? Variants { get; init; }
}
