using System.Text.Json.Nodes;

namespace BackgroundJobs.Api.Jobs;

/// <summary>One entry of <c>GET /api/job-types</c>.</summary>
/// <param name="RequiredSettings">The settings the type cannot run without (see <see cref="Core.Jobs.JobTypeDescriptor.RequiredSettings"/>).</param>
/// <param name="Available">False when this host lacks one of them: a start is refused with <c>503</c>.</param>
/// <param name="MissingSettings">Those of <paramref name="RequiredSettings"/> this host has not set.</param>
public sealed record JobTypeInfo(
    string Name,
    JsonNode RequestSchema,
    IReadOnlyDictionary<string, object> Limits,
    IReadOnlyList<string> RequiredSettings,
    bool Available,
    IReadOnlyList<string> MissingSettings);
