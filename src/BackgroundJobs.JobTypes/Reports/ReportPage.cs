namespace BackgroundJobs.JobTypes.Reports;

/// <summary>One page of a report's rows (cells in column order; null for empty) and the token of the next page, null after the last.</summary>
public sealed record ReportPage(IReadOnlyList<IReadOnlyList<string?>> Rows, string? NextPageToken);
