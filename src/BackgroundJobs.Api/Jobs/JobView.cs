using System.Text.Json;
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
    string StatusQueryGetUri);
