namespace BackgroundJobs.Core.Reports;

public sealed record PlanReportInput(ReportRequest Request);
