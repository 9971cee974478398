namespace BackgroundJobs.Core.Jobs;

/// <summary>
/// Every job type the process knows, added by the hosts' registration lines. It is process-wide, not a
/// service, because its readers include code the engine builds outside dependency injection
/// (<see cref="JobOrchestrator{TInput, TOutput}"/> names its own type in events) and the Functions
/// worker's task registration. Adding the same descriptor again is a no-op (tests build many hosts in
/// one process); a second type under a taken name or orchestrator is refused.
/// </summary>
public static class JobTypeRegistry
{
    private static readonly Lock Gate = new();

    // Replaced whole under the lock, so readers never lock and never see a half-added type.
    private static IReadOnlyList<JobTypeDescriptor> types = [];

    public static IReadOnlyList<JobTypeDescriptor> All => types;

    public static void Add(JobTypeDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        lock (Gate)
        {
            var taken = types.FirstOrDefault(t => t.Name == descriptor.Name || t.OrchestratorName == descriptor.OrchestratorName);
            if (taken is not null)
            {
                if (taken.Name == descriptor.Name && taken.OrchestratorName == descriptor.OrchestratorName && taken.RequestType == descriptor.RequestType)
                {
                    return;
                }

                throw new InvalidOperationException(
                    $"Job type '{descriptor.Name}' (orchestrator {descriptor.OrchestratorName}) clashes with the registered type '{taken.Name}' (orchestrator {taken.OrchestratorName}).");
            }

            types = [.. types, descriptor];
        }
    }

    /// <summary>The names of the registered types, in registration order.</summary>
    public static IReadOnlyList<string> Names => [.. types.Select(t => t.Name)];

    public static JobTypeDescriptor? Find(string name) => types.FirstOrDefault(t => t.Name == name);

    public static string OrchestratorFor(string name) =>
        Find(name)?.OrchestratorName ?? throw new KeyNotFoundException($"No job type '{name}' is registered.");

    /// <summary>Returns the job type's name for an orchestrator name, or null for internal orchestrations (chunks, notifications).</summary>
    public static string? TypeNameOf(string orchestratorName) => FromOrchestrator(orchestratorName)?.Name;

    /// <summary>Returns the job type for an orchestrator name, or null for internal orchestrations (chunks, notifications).</summary>
    public static JobTypeDescriptor? FromOrchestrator(string orchestratorName) =>
        types.FirstOrDefault(t => t.OrchestratorName == orchestratorName);
}
