using System.Text.Json;
using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Notifications;

/// <summary>The input of <see cref="JobNotificationOrchestrator"/>: how a job ended and whom to tell.</summary>
/// <param name="EventId">Chosen once, when the job ends; every delivery of the event carries it.</param>
public sealed record JobEnded(
    string EventId,
    string JobId,
    string JobType,
    JobStatus Status,
    DateTimeOffset At,
    JsonElement? Result,
    JobError? Error,
    JobCallback? Callback,
    string? NotifyEmail)
{
    public string EventType => JobEventTypes.ForEnding(Status);
}
