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
}
