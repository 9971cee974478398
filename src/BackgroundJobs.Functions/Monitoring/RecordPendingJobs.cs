using BackgroundJobs.Api.Monitoring;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Monitoring;

/// <summary>Every 30 s: counts the pending jobs for the queue-depth and oldest-pending-age gauges.</summary>
public sealed class RecordPendingJobs(LatestPendingJobs latest, TimeProvider time)
{
    [Function(nameof(RecordPendingJobs))]
    public async Task RunAsync(
        [TimerTrigger("*/30 * * * * *")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = time.GetUtcNow();
        latest.Record(await PendingJobs.ReadAsync(client, now, context.CancellationToken), now);
    }
}
