using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Runtime;

/// <summary>The instances a list or a purge of the Durable HTTP API is about.</summary>
/// <param name="Statuses">null for every status.</param>
/// <param name="InstanceIdPrefix">null for every instance.</param>
internal sealed record InstanceFilter(
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo,
    IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses,
    string? InstanceIdPrefix);
