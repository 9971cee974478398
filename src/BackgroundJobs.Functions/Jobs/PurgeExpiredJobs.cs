using BackgroundJobs.Api.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Jobs;

/// <summary>Every hour, purges completed jobs older than <c>Jobs:RetentionDays</c>; the server runs the same on a hosted timer.</summary>
public sealed class PurgeExpiredJobs(JobRetention retention, TimeProvider time)
{
    [Function(nameof(PurgeExpiredJobs))]
    public async Task RunAsync(
        [TimerTrigger("0 0 * * * *")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The count is logged by nothing here: a timer function has no output, and the host logs each run.
        _ = await retention.PurgeExpiredAsync(client, time.GetUtcNow(), context.CancellationToken);
    }
}
