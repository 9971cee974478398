namespace BackgroundJobs.JobTypes.Reports;

/// <summary>
/// One column of a report. A <see cref="ReportColumnKind.Number"/> column holds numbers the source
/// formats itself (invariant culture), which XLSX stores as numbers and CSV never alters.
/// </summary>
public sealed record ReportColumn(string Name, ReportColumnKind Kind = ReportColumnKind.Text);
