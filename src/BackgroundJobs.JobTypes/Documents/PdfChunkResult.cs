namespace BackgroundJobs.JobTypes.Documents;

/// <summary>The ranges of one chunk, in page order.</summary>
public sealed record PdfChunkResult(IReadOnlyList<PdfPagesResult> Ranges);
