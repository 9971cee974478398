using BackgroundJobs.Core.BulkEmail;
using BackgroundJobs.Core.CrmSync;
using BackgroundJobs.Core.Documents;
using BackgroundJobs.Core.Inference;
using BackgroundJobs.Core.Reports;

namespace BackgroundJobs.Core.Jobs;

/// <summary>
/// The public job type names and the orchestrator that runs each one. The orchestrator name is what
/// the engine stores, so this table is how a stored instance is turned back into a job type.
/// </summary>
public static class JobTypes
{
    public const string BulkEmail = "bulk-email";

    public const string Documents = "documents";

    public const string CrmSync = "crm-sync";

    public const string Inference = "inference";

    public const string Reports = "reports";

    private static readonly Dictionary<string, string> OrchestratorByType = new(StringComparer.Ordinal)
    {
        [BulkEmail] = nameof(BulkEmailOrchestrator),
        [Documents] = nameof(DocumentOrchestrator),
        [CrmSync] = nameof(CrmSyncOrchestrator),
        [Inference] = nameof(InferenceOrchestrator),
        [Reports] = nameof(ReportOrchestrator),
    };

    private static readonly Dictionary<string, string> TypeByOrchestrator =
        OrchestratorByType.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> All => OrchestratorByType.Keys;

    public static string OrchestratorFor(string jobType) => OrchestratorByType[jobType];

    /// <summary>Returns the job type for an orchestrator name, or null for internal orchestrations (chunks).</summary>
    public static string? FromOrchestrator(string orchestratorName) =>
        TypeByOrchestrator.GetValueOrDefault(orchestratorName);
}
