using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>
/// Writes one part of a job-history report. Its rows come from the engine's instance query, so it is a
/// client activity: each host runs it with its own Durable Task client.
/// </summary>
public sealed class WriteJobHistoryReportPartActivity(IBlobStore blobs, TimeProvider time) : ClientActivity<ReportPartInput, ReportPartResult>
{
    protected override Task<ReportPartResult> RunAsync(DurableTaskClient client, ReportPartInput input, CancellationToken cancellationToken) =>
        ReportPartWriter.WriteAsync(new JobHistoryReportSource(client, time), JobHistoryReport.Columns, blobs, input, cancellationToken);
}
