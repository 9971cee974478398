using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>Asks the report's source for the start token of each range.</summary>
public sealed class PlanReportActivity(ReportSources sources) : TaskActivity<PlanReportInput, IReadOnlyList<string>>
{
    public override Task<IReadOnlyList<string>> RunAsync(TaskActivityContext context, PlanReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return sources.Get(input.Request.Report!).SplitAsync(input.Request);
    }
}
