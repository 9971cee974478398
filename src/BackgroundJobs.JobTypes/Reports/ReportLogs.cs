using Microsoft.Extensions.Logging;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>The reports job's log messages, EventIds as when they were Core's (1400-1499).</summary>
internal static partial class ReportLogs
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Job {JobId}: report {Report} split into {Ranges} ranges")]
    public static partial void ReportPlanned(ILogger logger, string jobId, string report, int ranges);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Job {JobId}: report {Report} written: {Rows} rows from {Parts} parts, {Bytes} bytes")]
    public static partial void ReportFinished(ILogger logger, string jobId, string report, long rows, int parts, long bytes);
}
