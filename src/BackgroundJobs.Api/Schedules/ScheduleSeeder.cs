using Microsoft.Extensions.Hosting;

namespace BackgroundJobs.Api.Schedules;

/// <summary>
/// At start-up, writes each job type's <see cref="ScheduleSeed"/> as a stored schedule. One already
/// stored that says the same is left alone (its pause, its history); one that differs is replaced,
/// keeping its pause. Removing the settings leaves the stored schedule as it is.
/// </summary>
public sealed class ScheduleSeeder(IEnumerable<IScheduleSeed> seeds, ScheduleStore store, TimeProvider time) : IHostedService
{
    public const string TimeZone = "UTC";

    public Task StartAsync(CancellationToken cancellationToken) => SeedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var seed in seeds.Select(s => s.Schedule).OfType<ScheduleSeed>())
        {
            // Written over exactly the version read, so a pause (or another instance's seeding) that
            // lands in between is read again and kept rather than overwritten.
            while (true)
            {
                var (existing, etag) = await store.ReadAsync(seed.Name, cancellationToken);
                if (existing is not null && existing.Cron == seed.Cron && existing.TimeZone == TimeZone && existing.JobType == seed.JobType
                    && existing.Request.GetRawText() == seed.Request.GetRawText())
                {
                    break;
                }

                var schedule = new StoredSchedule(seed.Name, seed.Cron, TimeZone, seed.JobType, seed.Request, ScheduleOverlap.Skip, ScheduleCatchUp.None, existing?.Paused ?? false, time.GetUtcNow());
                var written = etag is null
                    ? await store.TryCreateAsync(schedule, cancellationToken)
                    : await store.WriteAsync(schedule, etag, cancellationToken);
                if (written is not null)
                {
                    break;
                }
            }
        }
    }
}
