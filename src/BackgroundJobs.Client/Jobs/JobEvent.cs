using System.Text.Json.Serialization;

namespace BackgroundJobs.Client.Jobs;

/// <summary>
/// One job event, the same as a webhook body: <c>job.progress</c> while the job moves, then its ending
/// (<c>job.completed</c>, <c>job.failed</c> or <c>job.canceled</c>).
/// </summary>
/// <param name="Id">Unique per event, the same on every delivery of it.</param>
public sealed record JobEvent(int Version, string Id, string Type, DateTimeOffset Timestamp, JobEventData Data)
{
    /// <summary>True for the job's ending event; the stream closes after it.</summary>
    [JsonIgnore]
    public bool IsEnding => Type is JobEventTypes.Completed or JobEventTypes.Failed or JobEventTypes.Canceled;
}
