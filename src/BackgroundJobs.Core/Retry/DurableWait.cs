using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Retry;

/// <summary>
/// Every durable wait of the platform goes through here. The Azure Storage engine can fire a timer up
/// to a second early (its queue delays are whole seconds); a start time, a server's Retry-After and a
/// webhook's backoff are floors, so the rest is waited again. Deterministic: CurrentUtcDateTime replays.
/// The in-memory engine fires on time, so it never takes a second wait.
/// </summary>
public static class DurableWait
{
    private const int MaxWaits = 4;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    public static async Task UntilAsync(TaskOrchestrationContext context, DateTime fireAtUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The first timer is for the time itself. Azure Storage makes a timer a queue message whose
        // visibility is in whole seconds, rounded down, so it can fire up to a second early, and a second
        // timer for the sub-second rest (counted from when the message is sent, later than this turn's
        // clock) would be visible at once. So the rest is asked as two seconds, which that engine keeps
        // as at least one: the wait ends after the time, by a second or so, never before it. Bounded, so
        // a clock that never moves on (a fake, or an engine fault) cannot spin an orchestration.
        var target = fireAtUtc;
        for (var wait = 0; wait < MaxWaits; wait++)
        {
            await context.CreateTimer(target, cancellationToken);
            if (context.CurrentUtcDateTime >= fireAtUtc || cancellationToken.IsCancellationRequested)
            {
                return;
            }

            target = Max(fireAtUtc, context.CurrentUtcDateTime + TimeSpan.FromSeconds(2));
        }
    }
}
