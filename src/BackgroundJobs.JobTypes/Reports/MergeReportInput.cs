using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.Reports;

/// <param name="PagesPerRange">How many parts each range wrote, in range order; the merge takes them in that order.</param>
public sealed record MergeReportInput(JobRun Run, ReportRequest Request, IReadOnlyList<int> PagesPerRange, long Rows);
