using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>One page to read and write as a part: page <paramref name="Page"/> of range <paramref name="Range"/>, named by <paramref name="PageToken"/>.</summary>
public sealed record ReportPartInput(JobRun Run, ReportRequest Request, int Range, int Page, string PageToken);
