using BackgroundJobs.Api.Reports;
using BackgroundJobs.Core.Reports;
using BackgroundJobs.Core.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Reports;

/// <summary>
/// The Functions host's <see cref="ReportTaskNames.WriteJobHistoryPart"/>. A job-history page reads
/// the engine's instance query, and Durable Functions hands its client only to functions (no
/// service registration gives one to a class-based activity), so this one activity is a function
/// with a durable client binding. It runs the same writer as the server's class activity.
/// </summary>
public sealed class WriteJobHistoryReportPart(IBlobStore blobs, TimeProvider time)
{
    [Function(ReportTaskNames.WriteJobHistoryPart)]
    public Task<ReportPartResult> RunAsync(
        [ActivityTrigger] ReportPartInput input,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ReportPartWriter.WriteAsync(new JobHistoryReportSource(client, time), JobHistoryReport.Columns, blobs, input, context.CancellationToken);
    }
}
