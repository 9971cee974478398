using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Notifications;

/// <summary>The event types a client can subscribe to, as sent in webhooks, on Service Bus and over SSE.</summary>
public static class JobEventTypes
{
    public const string Completed = "job.completed";
    public const string Failed = "job.failed";
    public const string Canceled = "job.canceled";
    public const string Progress = "job.progress";

    /// <summary>What a callback gets when it names no events: every way a job can end.</summary>
    public static readonly IReadOnlyList<string> Endings = [Completed, Failed, Canceled];

    public static readonly IReadOnlyList<string> All = [Completed, Failed, Canceled, Progress];

    public static string ForEnding(JobStatus status) => status switch
    {
        JobStatus.Completed => Completed,
        JobStatus.Failed => Failed,
        JobStatus.Canceled => Canceled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Only a finished job has an ending event."),
    };
}
