using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>Writes one part of a report whose source is registered in the host's services (all but job-history).</summary>
public sealed class WriteReportPartActivity(ReportSources sources, IBlobStore blobs) : TaskActivity<ReportPartInput, ReportPartResult>
{
    public override Task<ReportPartResult> RunAsync(TaskActivityContext context, ReportPartInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var source = sources.Get(input.Request.Report!);
        return ReportPartWriter.WriteAsync(source, source.Columns, blobs, input);
    }
}
