using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Notifications;

/// <summary>
/// Delivers one webhook: an attempt, then durable timers between attempts on the configured
/// schedule (jittered, and never shorter than the receiver's <c>Retry-After</c>), until it is
/// delivered, gone, refused, or the schedule runs out. Timers hold no worker, so a schedule of hours
/// costs nothing while it waits.
/// </summary>
public sealed class WebhookDeliveryOrchestrator : TaskOrchestrator<WebhookDeliveryInput, WebhookDeliveryStatus>
{
    /// <summary>A receiver's <c>Retry-After</c> is honoured up to this.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(1);

    /// <summary><paramref name="run"/> 0 is the first delivery; each redelivery runs under the next number.</summary>
    public static string InstanceIdFor(string jobId, string deliveryId, int run) =>
        run == 0 ? $"{jobId}:webhook:{deliveryId}" : $"{jobId}:webhook:{deliveryId}:redeliver:{run}";

    public override async Task<WebhookDeliveryStatus> RunAsync(TaskOrchestrationContext context, WebhookDeliveryInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        for (var attempt = 1; ; attempt++)
        {
            var isLast = attempt > input.RetryDelays.Count;
            var outcome = await context.CallActivityAsync<WebhookAttemptOutcome>(
                nameof(AttemptWebhookDeliveryActivity),
                new WebhookAttemptInput(input.JobId, input.DeliveryId, isLast, isLast ? null : input.RetryDelays[attempt - 1]),
                JobRetry.Options(BackoffPolicy.Default, $"{nameof(AttemptWebhookDeliveryActivity)}/{input.DeliveryId}#{attempt}"));
            if (outcome.Status != WebhookDeliveryStatus.Pending)
            {
                return outcome.Status;
            }

            // The receiver's Retry-After is a promise: DurableWait waits out an early timer.
            var fireAt = NextAttemptAt(input, attempt, context.CurrentUtcDateTime, outcome.RetryNotBefore);
            if (context.CurrentUtcDateTime < fireAt)
            {
                await DurableWait.UntilAsync(context, fireAt, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// When the next attempt starts: the schedule's delay scaled into [80%, 120%] by a hash (replays
    /// choose the same), or later if the receiver's <c>Retry-After</c> asked for that. The receiver's
    /// time comes as an instant measured when it answered, since the orchestration's clock can lag.
    /// </summary>
    public static DateTime NextAttemptAt(WebhookDeliveryInput input, int failedAttempt, DateTime now, DateTimeOffset? retryNotBefore)
    {
        ArgumentNullException.ThrowIfNull(input);
        var planned = input.RetryDelays[failedAttempt - 1];
        var scheduled = now + (planned * (0.8 + (0.4 * StableHash.ToUnitInterval($"{input.DeliveryId}#{failedAttempt}"))));
        if (retryNotBefore is { } asked)
        {
            var honoured = asked.UtcDateTime < now + MaxRetryAfter ? asked.UtcDateTime : now + MaxRetryAfter;
            return honoured > scheduled ? honoured : scheduled;
        }

        return scheduled;
    }
}

/// <param name="RetryDelays">Taken from configuration when the event was prepared, so replay never sees a changed schedule.</param>
public sealed record WebhookDeliveryInput(string JobId, string DeliveryId, IReadOnlyList<TimeSpan> RetryDelays);

/// <param name="NextDelay">The planned wait before the next attempt, recorded in the log; null on the last attempt.</param>
public sealed record WebhookAttemptInput(string JobId, string DeliveryId, bool IsLast, TimeSpan? NextDelay);

/// <param name="RetryNotBefore">When the receiver's <c>Retry-After</c> ends, if it sent one.</param>
public sealed record WebhookAttemptOutcome(WebhookDeliveryStatus Status, DateTimeOffset? RetryNotBefore = null);
