using BackgroundJobs.Api.Http;
using BackgroundJobs.Api.Jobs;

namespace BackgroundJobs.Server.Routes;

/// <summary>The Durable Functions management URLs, served by this server on the same paths as the Functions host.</summary>
internal static class ServerManagementLinks
{
    public const string InstancesPath = JobUris.InstancesPath;

    public static ManagementLinkFactory For(HttpRequest request) => instanceId =>
    {
        var instance = $"{JobUris.BaseOf(request)}{InstancesPath}/{Uri.EscapeDataString(instanceId)}";
        return new JobManagementLinks(
            StatusQueryGetUri: instance,
            SendEventPostUri: $"{instance}/raiseEvent/{{eventName}}",
            TerminatePostUri: $"{instance}/terminate?reason={{text}}",
            PurgeHistoryDeleteUri: instance,
            RestartPostUri: $"{instance}/restart",
            SuspendPostUri: $"{instance}/suspend?reason={{text}}",
            ResumePostUri: $"{instance}/resume?reason={{text}}");
    };
}
