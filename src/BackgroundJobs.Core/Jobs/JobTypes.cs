namespace BackgroundJobs.Core.Jobs;

/// <summary>
/// The built-in job types' public names, and lookups over <see cref="JobTypeRegistry"/>, which holds
/// every registered type (ours and a user's) with the orchestrator that runs it.
/// </summary>
public static class JobTypes
{
    public const string BulkEmail = "bulk-email";

    public const string Documents = "documents";

    public const string CrmSync = "crm-sync";

    public const string Inference = "inference";

    public const string Reports = "reports";

    /// <summary>The names of the registered types (<see cref="JobTypeRegistry"/>), in registration order.</summary>
    public static IReadOnlyCollection<string> All => JobTypeRegistry.All.Select(t => t.Name).ToList();

    public static string OrchestratorFor(string jobType) =>
        JobTypeRegistry.Find(jobType)?.OrchestratorName ?? throw new KeyNotFoundException($"No job type '{jobType}' is registered.");

    /// <summary>Returns the job type for an orchestrator name, or null for internal orchestrations (chunks).</summary>
    public static string? FromOrchestrator(string orchestratorName) =>
        JobTypeRegistry.FromOrchestrator(orchestratorName)?.Name;
}
