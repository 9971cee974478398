using BackgroundJobs.Api.Schedules;
using Cronos;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Server.Schedules;

/// <summary>
/// The server's recurring CRM sync: waits for each occurrence of <c>Crm:Schedule:Cron</c> (UTC, on
/// the injected <see cref="TimeProvider"/>, so tests move a fake clock instead of waiting) and hands
/// it to <see cref="CrmSyncScheduler"/>, which starts the sync or skips it while the last run is
/// still going. An occurrence that throws is logged and the schedule goes on.
/// </summary>
public sealed class CrmSyncScheduleService(
    IOptions<CrmScheduleOptions> options,
    CrmSyncScheduler scheduler,
    DurableTaskClient client,
    TimeProvider time,
    ILogger<CrmSyncScheduleService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.IsEnabled)
        {
            return;
        }

        var cron = CronExpression.Parse(settings.Cron!, CronFormat.IncludeSeconds);
        Logs.ScheduleStarted(logger, CrmSyncScheduler.Name, settings.Cron!);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (cron.GetNextOccurrence(now, TimeZoneInfo.Utc) is not { } next)
            {
                return;
            }

            await Task.Delay(next - now, time, stoppingToken);
            try
            {
                await scheduler.RunAsync(client, next, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Logs.ScheduledOccurrenceFailed(logger, CrmSyncScheduler.Name, next, ex);
            }
        }
    }
}
