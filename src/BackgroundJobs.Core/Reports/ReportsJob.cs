using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Reports;

/// <summary>The <c>reports</c> job type: what a host adds with its registration line.</summary>
public static class ReportsJob
{
    public const string Name = "reports";

    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<ReportRequest, ReportResult, ReportOrchestrator>(
        Name,
        channels => new ReportOrchestrator(channels),
        registry => registry
            .AddActivity<PlanReportActivity>()
            .AddActivity<WriteReportPartActivity>()
            .AddActivity<MergeReportPartsActivity>());
}
