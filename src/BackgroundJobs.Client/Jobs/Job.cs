using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackgroundJobs.Client.Jobs;

/// <summary>The job as <c>GET /api/jobs/{id}</c> returns it.</summary>
public sealed record Job(
    string Id,
    string Type,
    JobStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    JobProgress? Progress,
    JsonElement? Result,
    JobError? Error,
    Uri StatusQueryGetUri)
{
    /// <summary>The result files with download links, for job types whose result names files (documents, reports, inference).</summary>
    public IReadOnlyList<JobResultFile>? Files { get; init; }

    /// <summary>For a failed job: the task that failed and its root error.</summary>
    public JobFailure? Failure { get; init; }

    /// <summary>For a failed or canceled job: its input as it was started, secrets redacted.</summary>
    public JsonElement? Input { get; init; }

    /// <summary>The job this one is a retry of.</summary>
    public string? RetryOf { get; init; }

    /// <summary>For a scheduled job (<c>runAt</c>, <c>delaySeconds</c>): when it starts.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>The job that retried this one.</summary>
    public string? RetriedBy { get; init; }

    /// <summary>True once the job can no longer change: completed, failed or canceled.</summary>
    [JsonIgnore]
    public bool IsFinished => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Canceled;

    /// <summary>The result read as <typeparamref name="T"/> (e.g. your own record of the counts), or default when there is none.</summary>
    public T? ResultAs<T>() => Result is { ValueKind: not JsonValueKind.Null } result ? result.Deserialize<T>(ClientJson.Options) : default;
}
