using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Retry;

/// <summary>
/// Every durable wait of the platform goes through here. The Azure Storage engine can fire a timer up
/// to a second early (its queue delays are whole seconds); a start time, a server's Retry-After and a
/// webhook's backoff are floors, so the rest is waited again. Deterministic: CurrentUtcDateTime replays.
/// </summary>
public static class DurableWait
{
    public static async Task UntilAsync(TaskOrchestrationContext context, DateTime fireAtUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        do
        {
            await context.CreateTimer(fireAtUtc, cancellationToken);
        }
        while (context.CurrentUtcDateTime < fireAtUtc && !cancellationToken.IsCancellationRequested);
    }
}
