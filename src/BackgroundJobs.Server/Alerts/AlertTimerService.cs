using BackgroundJobs.Api.Alerts;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Server.Alerts;

/// <summary>The server's alert timer: runs <see cref="AlertCheck"/> every <c>Alerts:CheckInterval</c>.</summary>
internal sealed partial class AlertTimerService(AlertCheck check, DurableTaskClient client, IOptions<AlertOptions> options, ILogger<AlertTimerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await check.RunAsync(client, stoppingToken);
            }
#pragma warning disable CA1031 // One failed check (storage down) must not stop the timer; the next tick tries again.
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogCheckFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Error, Message = "The alert check failed; it runs again at the next interval")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
