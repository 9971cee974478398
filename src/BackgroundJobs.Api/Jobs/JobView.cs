using System.Text.Json;
using BackgroundJobs.Api.ResultFiles;
using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Api.Jobs;

/// <summary>The body of <c>GET /api/jobs/{id}</c>.</summary>
public sealed record JobView(
    string Id,
    string Type,
    JobStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    JobProgress? Progress,
    JsonElement? Result,
    JobError? Error,
    string StatusQueryGetUri)
{
    /// <summary>The job's result files with download links, for job types whose result names <c>files</c>.</summary>
    public IReadOnlyList<JobResultFile>? Files { get; init; }

    /// <summary>For a failed job: the task that failed and its error (see <see cref="JobFailure"/>).</summary>
    public JobFailure? Failure { get; init; }

    /// <summary>For a failed or canceled job: its input as it was started, with secrets redacted.</summary>
    public JsonElement? Input { get; init; }

    /// <summary>For a scheduled job (<c>runAt</c>, <c>delaySeconds</c>): when it starts.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>The job this one is a retry of.</summary>
    public string? RetryOf { get; init; }

    /// <summary>The job that retried this one.</summary>
    public string? RetriedBy { get; init; }
}
