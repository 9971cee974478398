namespace BackgroundJobs.JobTypes.Reports;

/// <summary>
/// Where a report's rows come from, read a page at a time: a page token in, at most
/// <see cref="ReportLimits.RowsPerPage"/> rows and the next page's token out. A source first splits
/// its report into ranges (a start token each) that are read at the same time, each page by page.
/// Register one in the host's services to add a report; the endpoint accepts its <see cref="Name"/>.
/// </summary>
public interface IReportSource
{
    /// <summary>The value of <c>report</c> in the request.</summary>
    string Name { get; }

    IReadOnlyList<ReportColumn> Columns { get; }

    /// <summary>The first page token of each range, in report order; at most <see cref="ReportLimits.MaxRanges"/>. Reads no rows.</summary>
    Task<IReadOnlyList<string>> SplitAsync(ReportRequest request, CancellationToken cancellationToken = default);

    /// <summary>The page a token names. The same token reads the same page again (an activity may be retried).</summary>
    Task<ReportPage> ReadPageAsync(ReportRequest request, string pageToken, CancellationToken cancellationToken = default);
}
