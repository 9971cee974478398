using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// A job's own instances (chunks, notifications, webhook deliveries) are named <c>{jobId}:...</c>.
/// Found with an <see cref="OrchestrationQuery.InstanceIdPrefix"/> query, so both hosts see them the same way.
/// </summary>
public static class JobSubInstances
{
    public static string PrefixOf(string instanceId) => instanceId + ":";

    /// <summary>The sub-instances of the instance in one of the statuses (all of them when <paramref name="statuses"/> is null).</summary>
    public static async Task<List<OrchestrationMetadata>> FindAsync(
        DurableTaskClient client,
        string instanceId,
        IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(client);
        var prefix = PrefixOf(instanceId);
        var found = new List<OrchestrationMetadata>();
        var query = new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = statuses };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellation))
        {
            // Checked again here: the in-memory engine compares prefixes case-insensitively.
            if (instance.InstanceId.StartsWith(prefix, StringComparison.Ordinal) && (statuses is null || statuses.Contains(instance.RuntimeStatus)))
            {
                found.Add(instance);
            }
        }

        return found;
    }
}
