using System.Text.Json;
using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Notifications;

/// <summary>
/// The input of <see cref="JobNotificationOrchestrator"/>: one event of a job (its ending, or a
/// progress report) and whom to tell.
/// </summary>
/// <param name="EventId">Chosen once; every delivery of the event carries it.</param>
/// <param name="Progress">Set for a <c>job.progress</c> event; null for an ending.</param>
public sealed record JobEventRequest(
    string EventId,
    string JobId,
    string JobType,
    JobStatus Status,
    DateTimeOffset At,
    JsonElement? Result,
    JobError? Error,
    JobCallback? Callback,
    string? NotifyEmail,
    JobProgress? Progress = null)
{
    public bool IsEnding => Progress is null;

    public string EventType => IsEnding ? JobEventTypes.ForEnding(Status) : JobEventTypes.Progress;
}
