using BackgroundJobs.Api.Jobs;
using System.Globalization;
using BackgroundJobs.Core.Jobs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Api.Schedules;

/// <summary>
/// Runs what is due, for the server's hosted service and the Functions timer alike. Each occurrence
/// is claimed once in the blob store, and its job id is derived from the schedule and the occurrence
/// (<c>schedule-{name}-{occurrenceUtc}</c>), so several instances ticking together start one job.
/// A schedule whose type or request became invalid records <c>refused</c> and goes on.
/// </summary>
public sealed class ScheduleRunner(ScheduleStore store, ScheduleValidator validator, JobTypeAvailability availability, TimeProvider time, ILogger<ScheduleRunner> logger)
{
    /// <summary>With <c>catchUp: none</c>, an occurrence noticed later than this is missed rather than run (the Functions timer ticks each minute).</summary>
    public static readonly TimeSpan OnTimeWindow = TimeSpan.FromSeconds(90);

    /// <summary>How long an occurrence's claim is kept (at least): long past the moments in which two instances race for it.</summary>
    public static readonly TimeSpan ClaimsKept = TimeSpan.FromDays(1);

    // Claims are swept at most this often by one runner: a sweep lists every claim.
    private static readonly TimeSpan ClaimSweepInterval = TimeSpan.FromHours(1);

    private DateTimeOffset lastClaimSweep = DateTimeOffset.MinValue;

    private static readonly OrchestrationRuntimeStatus[] StillGoing =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    public static string OccurrenceText(DateTimeOffset occurrence) =>
        occurrence.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string JobIdFor(string name, DateTimeOffset occurrence) => $"schedule-{name}-{OccurrenceText(occurrence)}";

    /// <summary>Runs every schedule's due occurrence; a failing schedule is logged and the others go on.</summary>
    public async Task RunDueAsync(DurableTaskClient client, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await foreach (var (schedule, _) in store.ListAsync(cancellationToken))
        {
            try
            {
                await RunDueAsync(client, schedule, now, cancellationToken);
            }
#pragma warning disable CA1031 // One schedule's storage or engine failure must not stop the others; it is logged and tried at its next occurrence.
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                Logs.ScheduledOccurrenceFailed(logger, schedule.Name, now, ex);
            }
        }

        await DeleteOldClaimsAsync(now, cancellationToken);
    }

    /// <summary>The earliest next occurrence of any schedule that is not paused, or null when there is none.</summary>
    public async Task<DateTimeOffset?> NextOccurrenceAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        DateTimeOffset? next = null;
        await foreach (var (schedule, _) in store.ListAsync(cancellationToken))
        {
            if (!schedule.Paused && schedule.NextAfter(now) is { } occurrence && (next is null || occurrence < next))
            {
                next = occurrence;
            }
        }

        return next;
    }

    /// <summary>Runs the schedule now, once, honouring its overlap rule; null when the schedule does not exist.</summary>
    public async Task<ScheduleOccurrence?> TriggerAsync(DurableTaskClient client, string name, CancellationToken cancellationToken = default)
    {
        var (schedule, _) = await store.ReadAsync(name, cancellationToken);
        if (schedule is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        return await RunOccurrenceAsync(client, schedule, now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)), triggered: true, cancellationToken);
    }

    private async Task RunDueAsync(DurableTaskClient client, StoredSchedule schedule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (schedule.Paused)
        {
            return;
        }

        var state = await store.ReadStateAsync(schedule.Name, cancellationToken);
        var since = state.LastOccurrence is { } last && last > schedule.SavedAt ? last : schedule.SavedAt;
        DateTimeOffset? latest = null;
        foreach (var occurrence in schedule.Expression.GetOccurrences(since, now, schedule.Zone, fromInclusive: false, toInclusive: true))
        {
            latest = occurrence;
        }

        if (latest is not { } due || (schedule.CatchUp == ScheduleCatchUp.None && now - due > OnTimeWindow))
        {
            return;
        }

        await RunOccurrenceAsync(client, schedule, due, triggered: false, cancellationToken);
    }

    private async Task<ScheduleOccurrence?> RunOccurrenceAsync(DurableTaskClient client, StoredSchedule schedule, DateTimeOffset occurrence, bool triggered, CancellationToken cancellationToken)
    {
        // The claim makes the occurrence this instance's alone; a run-now has claims of its own, so it never takes a cron occurrence's.
        if (!await store.TryClaimAsync(schedule.Name + (triggered ? "/now" : string.Empty), occurrence, cancellationToken))
        {
            return null;
        }

        var state = await store.ReadStateAsync(schedule.Name, cancellationToken);
        var outcome = await DecideAsync(client, schedule, occurrence, state, cancellationToken);

        // Recorded over the state as it is by then: a run-now or another instance's occurrence may have landed meanwhile.
        await store.UpdateStateAsync(schedule.Name, current => current.With(outcome, advances: !triggered), cancellationToken);
        return outcome;
    }

    private async Task DeleteOldClaimsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now - lastClaimSweep < ClaimSweepInterval)
        {
            return;
        }

        lastClaimSweep = now;
        try
        {
            await store.DeleteClaimsBeforeAsync(now - ClaimsKept, cancellationToken);
        }
#pragma warning disable CA1031 // Claims left over are only clutter: the next sweep takes them, and due schedules must not wait for it.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            Logs.ScheduleClaimsSweepFailed(logger, ex);
        }
    }

    private async Task<ScheduleOccurrence> DecideAsync(DurableTaskClient client, StoredSchedule schedule, DateTimeOffset occurrence, ScheduleState state, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        if (schedule.Overlap == ScheduleOverlap.Skip
            && state.LastJobId is { } lastJob
            && await client.GetInstanceAsync(lastJob, cancellationToken) is { } last
            && StillGoing.Contains(last.RuntimeStatus))
        {
            Logs.ScheduledRunSkipped(logger, schedule.Name, occurrence, lastJob, last.RuntimeStatus);
            return new(occurrence, at, ScheduleOutcome.Skipped, lastJob, $"skipped: job {lastJob} from an earlier occurrence is still {last.RuntimeStatus}.");
        }

        // Checked again at every run: the type may have gone from this host, or the file a request names may have been deleted.
        var (request, errors) = await validator.CheckRequestAsync(client, schedule.JobType, schedule.Request, cancellationToken);
        if (request is null)
        {
            var reason = string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            Logs.ScheduledRunRefused(logger, schedule.Name, occurrence, reason);
            return new(occurrence, at, ScheduleOutcome.Refused, null, $"not started: {reason}");
        }

        // The door a start goes through: a type whose settings this host lacks is refused, not started to fail.
        if (JobTypeRegistry.Find(schedule.JobType) is { } descriptor && availability.MissingSettings(descriptor) is { Count: > 0 } missing)
        {
            var reason = $"this host lacks the setting(s) {string.Join(", ", missing)} that {schedule.JobType} needs.";
            Logs.ScheduledRunRefused(logger, schedule.Name, occurrence, reason);
            return new(occurrence, at, ScheduleOutcome.Refused, null, $"not started: {reason}");
        }

        var jobId = JobIdFor(schedule.Name, occurrence);
        if (await client.GetInstanceAsync(jobId, cancellationToken) is null)
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                JobTypeRegistry.OrchestratorFor(schedule.JobType), request, new StartOrchestrationOptions(jobId), cancellationToken);
        }

        Logs.ScheduledRunStarted(logger, schedule.Name, occurrence, jobId);
        return new(occurrence, at, ScheduleOutcome.Started, jobId, $"started job {jobId}.");
    }
}
