namespace BackgroundJobs.JobTypes.Reports;

/// <summary>Sizes and hard limits of a report, stated in docs/jobs/reports.md.</summary>
public static class ReportLimits
{
    /// <summary>The longest time range a job-history report covers.</summary>
    public static readonly TimeSpan MaxJobHistoryRange = TimeSpan.FromDays(92);

    /// <summary>
    /// Rows a page holds at most: a part file per page, and the most rows an activity holds in
    /// memory at once. 10,000 rows keep a 1,000,000-row report at about 100 part activities.
    /// </summary>
    public const int RowsPerPage = 10_000;

    /// <summary>Ranges a report is split into; each is read page after page, the ranges at the same time.</summary>
    public const int MaxRanges = 8;

    /// <summary>Part activities in flight at once.</summary>
    public const int MaxParallelParts = 8;

    /// <summary>Excel's rows per worksheet; a larger XLSX report goes on in a second sheet, with the header again.</summary>
    public const int XlsxRowsPerSheet = 1_048_576;

    /// <summary>Excel's longest cell text; a longer value is cut there in an XLSX report (never in CSV).</summary>
    public const int XlsxMaxCellText = 32_767;
}
