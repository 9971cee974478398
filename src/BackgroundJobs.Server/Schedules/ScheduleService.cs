using BackgroundJobs.Api.Schedules;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Schedules;

/// <summary>
/// The server's schedules: sleeps until the next due occurrence of any schedule (on the injected
/// <see cref="TimeProvider"/>), runs what is due, and sleeps again; a schedule saved on this instance
/// wakes it at once. It also wakes at least each <see cref="RecheckInterval"/>, for schedules saved
/// through another instance. Several servers may run it together: each occurrence is claimed once.
/// </summary>
public sealed class ScheduleService(ScheduleRunner runner, ScheduleChanges changes, DurableTaskClient client, TimeProvider time, ILogger<ScheduleService> logger) : BackgroundService
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var wakeAt = now + RecheckInterval;
            try
            {
                await runner.RunDueAsync(client, now, stoppingToken);
                if (await runner.NextOccurrenceAsync(now, stoppingToken) is { } next && next < wakeAt)
                {
                    wakeAt = next;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Logs.ScheduledOccurrenceFailed(logger, "*", now, ex);
            }

            await changes.WaitAsync(wakeAt - time.GetUtcNow(), time, stoppingToken);
        }
    }
}
