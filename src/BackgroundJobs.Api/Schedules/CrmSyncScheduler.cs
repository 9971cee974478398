using System.Globalization;
using BackgroundJobs.Api.CrmSync;
using BackgroundJobs.Core.CrmSync;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Api.Schedules;

/// <summary>
/// One occurrence of the recurring CRM sync, called by the Functions timer trigger and by the
/// server's hosted schedule alike. It runs as a singleton: when the job the schedule last started
/// is still pending, running or suspended, the occurrence is skipped, logged and recorded. A run's
/// id is derived from its occurrence, so two hosts ticking for the same occurrence start one job.
/// </summary>
public sealed class CrmSyncScheduler(
    IOptions<CrmScheduleOptions> options,
    CrmSyncRequestValidator validator,
    IBlobStore blobs,
    ILogger<CrmSyncScheduler> logger)
{
    public const string Name = "crm-sync";

    /// <summary>The schedule's last occurrence, read by <c>GET /api/schedules</c>.</summary>
    public const string StatusBlob = "schedules/crm-sync.json";

    private static readonly OrchestrationRuntimeStatus[] StillGoing =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    public static string JobIdFor(DateTimeOffset occurrence) =>
        string.Create(CultureInfo.InvariantCulture, $"schedule-{Name}-{occurrence.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}");

    /// <returns>What the occurrence did, or null when the schedule is off.</returns>
    public async Task<ScheduleStatus?> RunAsync(DurableTaskClient client, DateTimeOffset occurrence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var settings = options.Value;
        if (!settings.IsEnabled)
        {
            Logs.ScheduleOff(logger, Name);
            return null;
        }

        var previous = await blobs.ReadJsonAsync<ScheduleStatus>(StatusBlob, cancellationToken);
        var skipped = previous?.SkippedRuns ?? 0;
        if (previous?.JobId is { } lastJob
            && await client.GetInstanceAsync(lastJob, cancellationToken) is { } last
            && StillGoing.Contains(last.RuntimeStatus))
        {
            Logs.ScheduledRunSkipped(logger, Name, occurrence, lastJob, last.RuntimeStatus);
            return await SaveAsync(settings, occurrence, ScheduleOutcome.Skipped, lastJob, $"skipped: job {lastJob} from an earlier occurrence is still {last.RuntimeStatus}.", skipped + 1, cancellationToken);
        }

        var request = new CrmSyncRequest { Blob = settings.SourceBlob };
        var errors = await validator.ValidateAsync(request, cancellationToken);
        if (errors.Count > 0)
        {
            var reason = string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            Logs.ScheduledRunRefused(logger, Name, occurrence, reason);
            return await SaveAsync(settings, occurrence, ScheduleOutcome.Refused, previous?.JobId, $"not started: {reason}", skipped, cancellationToken);
        }

        var jobId = JobIdFor(occurrence);
        if (await client.GetInstanceAsync(jobId, cancellationToken) is null)
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                JobTypeRegistry.OrchestratorFor(CrmSyncJob.Name), request, new StartOrchestrationOptions(jobId), cancellationToken);
        }

        Logs.ScheduledRunStarted(logger, Name, occurrence, jobId);
        return await SaveAsync(settings, occurrence, ScheduleOutcome.Started, jobId, $"started job {jobId}.", skipped, cancellationToken);
    }

    /// <summary>Every schedule's last occurrence; empty until a schedule has run.</summary>
    public async Task<IReadOnlyList<ScheduleStatus>> ListAsync(CancellationToken cancellationToken = default) =>
        await blobs.ReadJsonAsync<ScheduleStatus>(StatusBlob, cancellationToken) is { } status ? [status] : [];

    private async Task<ScheduleStatus> SaveAsync(CrmScheduleOptions settings, DateTimeOffset occurrence, ScheduleOutcome outcome, string? jobId, string message, int skipped, CancellationToken cancellationToken)
    {
        var status = new ScheduleStatus(Name, settings.Cron, settings.SourceBlob, occurrence, outcome, jobId, message, skipped);
        await blobs.WriteJsonAsync(StatusBlob, status, cancellationToken);
        return status;
    }
}
