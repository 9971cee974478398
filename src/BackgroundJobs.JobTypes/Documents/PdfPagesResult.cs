namespace BackgroundJobs.JobTypes.Documents;

/// <summary>The counts of one page range; the text itself is in blobs, never in the history.</summary>
public sealed record PdfPagesResult(PageRange Pages, long Words, long Characters, IReadOnlyList<FailedPage> FailedPages)
{
    /// <summary>A range whose activity failed even after its retries: every page in it is reported with the reason.</summary>
    public static PdfPagesResult AllFailed(PageRange pages, string error)
    {
        ArgumentNullException.ThrowIfNull(pages);
        return new(pages, 0, 0, Enumerable.Range(pages.First, pages.Count).Select(p => new FailedPage(p, error)).ToList());
    }
}
