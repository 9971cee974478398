using System.Text.Json;

namespace BackgroundJobs.Client.Jobs;

/// <summary>What a <see cref="JobEvent"/> tells of the job.</summary>
public sealed record JobEventData(
    string JobId,
    string JobType,
    JobStatus Status,
    JsonElement? Result,
    JobError? Error,
    JobEventLinks? Links,
    JobProgress? Progress);
