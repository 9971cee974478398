using BackgroundJobs.Api.Jobs;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Jobs;

/// <summary>Runs <see cref="JobRetention"/> every hour, the server's counterpart of the Functions timer trigger.</summary>
internal sealed class JobRetentionService(JobRetention retention, DurableTaskClient client, TimeProvider time, ILogger<JobRetentionService> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var purged = await retention.PurgeExpiredAsync(client, time.GetUtcNow(), stoppingToken);
                Logs.RetentionPurged(logger, purged);
            }
#pragma warning disable CA1031 // A failed run (storage down) must not stop the next one; it is logged and retried in an hour.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                Logs.RetentionFailed(logger, ex);
            }
        }
    }
}
