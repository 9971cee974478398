using DurableTask.Core;

namespace BackgroundJobs.Server.Engine;

/// <summary>
/// Hands every call to the Azure Storage service, but makes sure an activity work item that could
/// not be completed or abandoned is forgotten. <c>AzureStorageOrchestrationService</c> (2.11) drops a
/// work item from its in-memory "in process" table only when completing or abandoning it succeeds.
/// When storage is unreachable both fail, the entry stays, and when the message comes back to the
/// queue it is refused for good as "processed multiple times concurrently": the job hangs until the
/// server restarts (seen with Azurite stopped for 10 s). There is no public way to drop the entry,
/// so it is removed from that private table, which is what a successful abandon does; if a later
/// version renames the table, nothing is removed and a warning says so.
/// </summary>
internal sealed class ActivityForgettingOrchestrationService(IOrchestrationService inner, ILogger logger)
    : ForwardingOrchestrationService(inner)
{
    private readonly System.Collections.IDictionary? activeActivitySessions = inner
        .GetType()
        .GetField("activeActivitySessions", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)?
        .GetValue(inner) as System.Collections.IDictionary;

    public override async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        try
        {
            await Inner.AbandonTaskActivityWorkItemAsync(workItem);
        }
#pragma warning disable CA1031 // Any storage failure: the work item must not stay "in process" for good.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The message stays in the queue and comes back once its visibility timeout has passed;
            // the service must then see it as new, so it forgets this work item as a successful abandon would.
            var forgotten = activeActivitySessions?.Contains(workItem.Id) ?? false;
            activeActivitySessions?.Remove(workItem.Id);
            Logs.ActivityAbandonFailed(logger, workItem.Id, forgotten, ex);
        }
    }
}
