using BackgroundJobs.Core.Reports;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Reports;

/// <summary>
/// The server's <see cref="ReportTaskNames.WriteJobHistoryPart"/>: its client comes from the
/// server's services. (Functions runs the same writer from a function with a durable client binding.)
/// </summary>
public sealed class WriteJobHistoryReportPartActivity(DurableTaskClient client, IBlobStore blobs, TimeProvider time) : TaskActivity<ReportPartInput, ReportPartResult>
{
    public override Task<ReportPartResult> RunAsync(TaskActivityContext context, ReportPartInput input) =>
        ReportPartWriter.WriteAsync(new JobHistoryReportSource(client, time), JobHistoryReport.Columns, blobs, input);
}
