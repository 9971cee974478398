using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Core.Jobs;

/// <summary>
/// How every job ends, one line each at Information or above, so the log tells a job's story without
/// the engine's per-task lines (those are filtered to Warning; see docs/telemetry.md). EventIds 1900-1909.
/// </summary>
internal static partial class JobLifecycleLogs
{
    [LoggerMessage(EventId = 1900, Level = LogLevel.Information, Message = "Job {JobId} ({JobType}) completed")]
    public static partial void JobCompleted(ILogger logger, string jobId, string jobType);

    // The user's input, not the server, is at fault: a Warning without a stack trace.
    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning, Message = "Job {JobId} ({JobType}) failed: its input cannot be processed: {Error}")]
    public static partial void JobFailedOnInput(ILogger logger, string jobId, string jobType, string error);

    // The stack trace stays with the instance (the job's failure details in the API and dashboard).
    [LoggerMessage(EventId = 1902, Level = LogLevel.Error, Message = "Job {JobId} ({JobType}) failed: {ErrorType}: {Error}")]
    public static partial void JobFailed(ILogger logger, string jobId, string jobType, string errorType, string error);
}
