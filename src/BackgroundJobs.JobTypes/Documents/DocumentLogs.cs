using Microsoft.Extensions.Logging;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>The document job's log messages; EventIds 1100-1199, as when they were Core's.</summary>
internal static partial class DocumentLogs
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Job {JobId}: the file is a {Kind} ({Pages} pages)")]
    public static partial void DocumentInspected(ILogger logger, string jobId, DocumentKind kind, int pages);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Job {JobId}: {Files} result files written, {FailedPages} pages failed")]
    public static partial void DocumentFinished(ILogger logger, string jobId, int files, int failedPages);
}
