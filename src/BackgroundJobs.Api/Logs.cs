using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Api;

/// <summary>Api log messages. EventIds 4000-4999 belong to this assembly: 4300-4399 schedules, 4900-4909 request bodies.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "Schedule {Schedule}: occurrence {Occurrence} started job {JobId}")]
    public static partial void ScheduledRunStarted(ILogger logger, string schedule, DateTimeOffset occurrence, string jobId);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Schedule {Schedule}: occurrence {Occurrence} skipped, job {JobId} from an earlier occurrence is still {Status}")]
    public static partial void ScheduledRunSkipped(ILogger logger, string schedule, DateTimeOffset occurrence, string jobId, OrchestrationRuntimeStatus status);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Error, Message = "Schedule {Schedule}: occurrence {Occurrence} not started: {Reason}")]
    public static partial void ScheduledRunRefused(ILogger logger, string schedule, DateTimeOffset occurrence, string reason);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Error, Message = "Schedule {Schedule}: the occurrences due at {Now} failed; the schedule goes on")]
    public static partial void ScheduledOccurrenceFailed(ILogger logger, string schedule, DateTimeOffset now, Exception exception);

    [LoggerMessage(EventId = 4900, Level = LogLevel.Information, Message = "{Method} {Path}: the request body {Reason} Answered {Status}")]
    public static partial void RequestBodyNotReceived(ILogger logger, string method, string path, int status, string reason);
}
