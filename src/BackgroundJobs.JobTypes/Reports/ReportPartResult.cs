namespace BackgroundJobs.JobTypes.Reports;

/// <summary>A part written: its rows, and the token of its range's next page (null when the range is done).</summary>
public sealed record ReportPartResult(int Rows, string? NextPageToken);
