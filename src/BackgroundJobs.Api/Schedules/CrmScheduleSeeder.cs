using System.Text.Json;
using BackgroundJobs.Core.CrmSync;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Api.Schedules;

/// <summary>
/// Keeps deployments that set <c>Crm:Schedule:Cron</c> and <c>Crm:Schedule:SourceBlob</c> working:
/// at start-up the two settings seed the schedule <c>crm-sync</c> (UTC, overlap skip), whose runs
/// are named <c>schedule-crm-sync-{yyyyMMddTHHmmssZ}</c> as before. A stored <c>crm-sync</c> that
/// already says the same is left alone (its pause, its history); settings that differ replace it.
/// </summary>
public sealed class CrmScheduleSeeder(IOptions<CrmScheduleOptions> options, ScheduleStore store, TimeProvider time) : IHostedService
{
    public const string Name = "crm-sync";

    public Task StartAsync(CancellationToken cancellationToken) => SeedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (!settings.IsEnabled)
        {
            return;
        }

        // Not checked by the validator: the source blob may not exist yet (a feed writes it later); a run without it records refused.
        var request = JsonSerializer.SerializeToElement(new CrmSyncRequest { Blob = settings.SourceBlob }, JobJson.Options);
        var (existing, _) = await store.ReadAsync(Name, cancellationToken);
        if (existing is not null && existing.Cron == settings.Cron && existing.TimeZone == "UTC" && existing.JobType == CrmSyncJob.Name
            && existing.Request.GetRawText() == request.GetRawText())
        {
            return;
        }

        var schedule = new StoredSchedule(Name, settings.Cron!, "UTC", CrmSyncJob.Name, request, ScheduleOverlap.Skip, ScheduleCatchUp.None, existing?.Paused ?? false, time.GetUtcNow());
        await store.WriteAsync(schedule, ifMatch: null, cancellationToken);
    }
}
