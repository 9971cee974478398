using System.Text.Json.Nodes;

namespace BackgroundJobs.Api.Jobs;

/// <summary>One entry of <c>GET /api/job-types</c>.</summary>
public sealed record JobTypeInfo(string Name, JsonNode RequestSchema, IReadOnlyDictionary<string, object> Limits);
