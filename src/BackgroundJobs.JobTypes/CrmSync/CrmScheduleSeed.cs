using System.Text.Json;
using BackgroundJobs.Api.Schedules;
using BackgroundJobs.Core.Storage;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// Keeps deployments that set <c>Crm:Schedule:Cron</c> and <c>Crm:Schedule:SourceBlob</c> working:
/// the two settings seed the schedule <c>crm-sync</c> (UTC, overlap skip) when the host starts, whose
/// runs are named <c>schedule-crm-sync-{yyyyMMddTHHmmssZ}</c> as before.
/// </summary>
internal sealed class CrmScheduleSeed(IOptions<CrmScheduleOptions> options) : IScheduleSeed
{
    public const string Name = "crm-sync";

    public ScheduleSeed? Schedule
    {
        get
        {
            var settings = options.Value;
            if (!settings.IsEnabled)
            {
                return null;
            }

            // Not checked by the validator: the source blob may not exist yet (a feed writes it later); a run without it records refused.
            var request = JsonSerializer.SerializeToElement(new CrmSyncRequest { Blob = settings.SourceBlob }, JobJson.Options);
            return new ScheduleSeed(Name, settings.Cron!, CrmSyncJob.Name, request);
        }
    }
}
