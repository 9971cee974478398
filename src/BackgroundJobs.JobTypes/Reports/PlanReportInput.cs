namespace BackgroundJobs.JobTypes.Reports;

public sealed record PlanReportInput(ReportRequest Request);
