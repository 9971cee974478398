using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Telemetry;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Monitoring;

/// <summary>
/// The one count of jobs waiting to start, shared by the monitor route, the alert check and the
/// queue gauges: instances still <c>Pending</c>, paged without inputs, internal ones (chunks,
/// notifications) left out. Linear in the pending instances, which a healthy system keeps few.
/// </summary>
public static class PendingJobs
{
    private static readonly OrchestrationRuntimeStatus[] PendingOnly = [OrchestrationRuntimeStatus.Pending];

    public static async Task<PendingJobsSnapshot> ReadAsync(DurableTaskClient client, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var count = 0L;
        DateTimeOffset? oldest = null;
        var query = new OrchestrationQuery { Statuses = PendingOnly, FetchInputsAndOutputs = false };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (JobTypeRegistry.TypeNameOf(instance.Name) is null)
            {
                continue;
            }

            count++;
            oldest = oldest is { } o && o <= instance.CreatedAt ? o : instance.CreatedAt;
        }

        return new PendingJobsSnapshot(count, oldest is { } first && first < now ? now - first : TimeSpan.Zero);
    }
}
