using Microsoft.Extensions.Logging;

namespace BackgroundJobs.JobTypes.HttpCall;

/// <summary>The http-call job's log messages, EventIds 7000-7099. Never a header value or a query string: they carry credentials.</summary>
internal static partial class HttpCallLogs
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Job {JobId}: {Method} {Endpoint} answered {Status} in {ElapsedMs} ms")]
    public static partial void Answered(ILogger logger, string jobId, string method, string endpoint, int status, long elapsedMs);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Job {JobId}: not connecting to {Endpoint}: {Reason}")]
    public static partial void AddressRefused(ILogger logger, string jobId, string endpoint, string reason);
}
