using System.Text.Json;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.Core.Notifications;

/// <summary>
/// The envelope of every job event, the same in a webhook body, a Service Bus message and an SSE
/// message. <see cref="Version"/> changes only when a field changes meaning or goes away; new fields
/// may be added within a version.
/// </summary>
/// <param name="Id">Unique per event and the same on every delivery of it (the <c>webhook-id</c>).</param>
public sealed record JobEvent(int Version, string Id, string Type, DateTimeOffset Timestamp, JobEventData Data)
{
    public const int CurrentVersion = 1;

    public string ToJson() => JsonSerializer.Serialize(this, JobJson.Options);
}

/// <param name="Result">The job's result summary when it completed (counts and result blob names).</param>
/// <param name="Links">Where the client reads the job; absent when the host's public address is unknown.</param>
/// <param name="Progress">The job's progress, in <c>job.progress</c> events.</param>
public sealed record JobEventData(
    string JobId,
    string JobType,
    JobStatus Status,
    JsonElement? Result,
    JobError? Error,
    JobEventLinks? Links,
    JobProgress? Progress = null);

public sealed record JobEventLinks(string Job, string StatusQueryGetUri);
