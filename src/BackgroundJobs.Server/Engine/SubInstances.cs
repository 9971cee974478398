using BackgroundJobs.Api.Jobs;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Engine;

/// <summary>
/// A job's sub-orchestrations (a bulk e-mail's chunks, <c>{jobId}:chunk:{n}</c>) are named
/// <c>{jobId}:...</c> and are the job's own work: terminating or suspending only the job would leave
/// the chunk it is waiting on sending. These helpers apply an operation to them, found with an
/// <see cref="OrchestrationQuery.InstanceIdPrefix"/> query.
/// </summary>
internal static class SubInstances
{
    public static readonly OrchestrationRuntimeStatus[] Active =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    public static readonly OrchestrationRuntimeStatus[] Finished =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    private static readonly OrchestrationRuntimeStatus[] Suspendable =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running];

    private static readonly OrchestrationRuntimeStatus[] Resumable = [OrchestrationRuntimeStatus.Suspended];

    // How long an operation waits for the parent to take in its own message before it gives up
    // looking for children the parent may still start. Only a stopped worker takes this long; the
    // operation is asynchronous anyway (202), and the messages already sent stay queued.
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SettlePollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The ids of the instance's sub-orchestrations that are in one of the statuses.</summary>
    public static async Task<List<string>> FindAsync(DurableTaskClient client, string instanceId, IReadOnlyCollection<OrchestrationRuntimeStatus> statuses, CancellationToken cancellation) =>
        [.. (await JobSubInstances.FindAsync(client, instanceId, statuses, cancellation)).Select(i => i.InstanceId)];

    /// <summary>
    /// Applies <paramref name="operation"/> to every sub-orchestration in one of <paramref name="statuses"/>,
    /// again and again until the parent has <paramref name="settled"/> (taken in the message just sent
    /// to it), then once more: until then the parent may still start a child, which a single look
    /// would miss.
    /// </summary>
    public static async Task ApplyUntilSettledAsync(
        DurableTaskClient client,
        string instanceId,
        IReadOnlyCollection<OrchestrationRuntimeStatus> statuses,
        Func<OrchestrationMetadata, bool> settled,
        Func<string, Task> operation,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settled);
        ArgumentNullException.ThrowIfNull(operation);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (true)
        {
            var parent = await client.GetInstanceAsync(instanceId, cancellation);
            var isSettled = parent is null || settled(parent) || DateTime.UtcNow > deadline;
            foreach (var id in await FindAsync(client, instanceId, statuses, cancellation))
            {
                if (done.Add(id))
                {
                    await operation(id);
                }
            }

            if (isSettled)
            {
                return;
            }

            await Task.Delay(SettlePollInterval, cancellation);
        }
    }

    /// <summary>Suspends the instance and its sub-orchestrations, so that a suspended job sends nothing.</summary>
    public static async Task SuspendRecursiveAsync(this DurableTaskClient client, string instanceId, string? reason, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        await client.SuspendInstanceAsync(instanceId, reason, cancellation);
        await ApplyUntilSettledAsync(
            client,
            instanceId,
            Suspendable,
            parent => parent.RuntimeStatus == OrchestrationRuntimeStatus.Suspended || parent.IsCompleted,
            id => client.SuspendInstanceAsync(id, reason, cancellation),
            cancellation);
    }

    /// <summary>Resumes the instance and its suspended sub-orchestrations; a suspended parent starts no new children, so one look is enough.</summary>
    public static async Task ResumeRecursiveAsync(this DurableTaskClient client, string instanceId, string? reason, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        await client.ResumeInstanceAsync(instanceId, reason, cancellation);
        foreach (var id in await FindAsync(client, instanceId, Resumable, cancellation))
        {
            await client.ResumeInstanceAsync(id, reason, cancellation);
        }
    }
}
