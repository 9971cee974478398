using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Retry;

/// <summary>
/// Every durable wait of the platform goes through here. The Azure Storage engine can fire a timer up
/// to a second early (its queue delays are whole seconds); a start time, a server's Retry-After and a
/// webhook's backoff are floors, so the rest is waited again. Deterministic: CurrentUtcDateTime replays.
/// </summary>
public static class DurableWait
{
    private const int MaxWaits = 4;

    public static async Task UntilAsync(TaskOrchestrationContext context, DateTime fireAtUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Bounded: an early timer leaves at most a second, so a few more waits are plenty, and a clock
        // that never moved on (a fake, or an engine fault) cannot spin an orchestration forever.
        for (var wait = 0; wait < MaxWaits; wait++)
        {
            await context.CreateTimer(fireAtUtc, cancellationToken);
            if (context.CurrentUtcDateTime >= fireAtUtc || cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
