namespace BackgroundJobs.JobTypes.Documents;

/// <summary>Pages <see cref="First"/> to <see cref="Last"/>, 1-based and inclusive, as PdfPig numbers them.</summary>
public sealed record PageRange(int First, int Last)
{
    public int Count => Last - First + 1;

    /// <summary>Splits pages 1..<paramref name="pages"/> into ranges of at most <paramref name="pagesPerRange"/>.</summary>
    public static IReadOnlyList<PageRange> Split(int pages, int pagesPerRange)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pages);
        ArgumentOutOfRangeException.ThrowIfLessThan(pagesPerRange, 1);
        var ranges = new List<PageRange>((pages + pagesPerRange - 1) / pagesPerRange);
        for (var first = 1; first <= pages; first += pagesPerRange)
        {
            ranges.Add(new PageRange(first, Math.Min(pages, first + pagesPerRange - 1)));
        }

        return ranges;
    }
}
