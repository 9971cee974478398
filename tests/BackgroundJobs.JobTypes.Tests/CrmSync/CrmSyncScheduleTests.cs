using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BackgroundJobs.Server.Tests;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.JobTypes.Tests.CrmSync;

/// <summary>
/// The two settings of earlier versions (<c>Crm:Schedule:Cron</c>, <c>Crm:Schedule:SourceBlob</c>)
/// seed the schedule <c>crm-sync</c> at start-up, on the real in-memory engine: its runs keep the job
/// ids deployed apps had (<c>schedule-crm-sync-{yyyyMMddTHHmmssZ}</c>), it skips while a run is
/// still going, and a missing source blob is refused and recorded, not thrown.
/// </summary>
public class CrmSyncScheduleTests
{
    private const string Feed = "uploads/crm-feed.csv";

    // Every 2 s: the seed takes the cron as the settings give it (no Schedules:MinInterval check), as before.
    private static Dictionary<string, string?> Settings(CrmStandIn crm) => CrmSyncJob.Settings(crm, settings: new()
    {
        ["Crm:Schedule:Cron"] = "*/2 * * * * *",
        ["Crm:Schedule:SourceBlob"] = Feed,
    });

    private static async Task<JsonElement> WaitForOutcomesAsync(ServerHost server, Func<List<JsonElement>, bool> done)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100))
        {
            var schedule = await server.Http.GetFromJsonAsync<JsonElement>("/api/schedules/crm-sync");
            if (done(schedule.GetProperty("outcomes").EnumerateArray().ToList()))
            {
                return schedule;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Never recorded: {schedule}");
            }
        }
    }

    private static bool Has(List<JsonElement> outcomes, string outcome) => outcomes.Any(o => o.GetProperty("outcome").GetString() == outcome);

    [Fact]
    public async Task SeededSchedule_StartsTheSyncUnderTheJobIdsOfEarlierVersions_AndSkipsWhileTheLastRunIsStillGoing()
    {
        await using var crm = await CrmStandIn.StartAsync();
        crm.Delay = TimeSpan.FromSeconds(2);
        await using var server = await ServerHost.StartAsync(Settings(crm));
        await server.Blobs.WriteAsync(Feed, new MemoryStream(Encoding.UTF8.GetBytes(CrmSyncJob.Csv(150))), "text/csv");

        var schedule = await WaitForOutcomesAsync(server, o => Has(o, "started") && Has(o, "skipped"));
        var started = schedule.GetProperty("outcomes").EnumerateArray().Last(o => o.GetProperty("outcome").GetString() == "started");
        var skipped = schedule.GetProperty("outcomes").EnumerateArray().First(o => o.GetProperty("outcome").GetString() == "skipped");
        var occurrence = started.GetProperty("occurrence").GetDateTimeOffset().UtcDateTime;
        var jobId = started.GetProperty("jobId").GetString()!;
        var run = await server.Client.WaitForInstanceCompletionAsync(jobId, getInputsAndOutputs: true);

        Assert.Equal("schedule-crm-sync-" + occurrence.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), jobId);
        Assert.Equal(("*/2 * * * * *", "UTC", "crm-sync", Feed), (
            schedule.GetProperty("cron").GetString(),
            schedule.GetProperty("timeZone").GetString(),
            schedule.GetProperty("jobType").GetString(),
            schedule.GetProperty("request").GetProperty("blob").GetString()));
        Assert.StartsWith("schedule-crm-sync-", skipped.GetProperty("jobId").GetString(), StringComparison.Ordinal);
        Assert.Contains("is still", skipped.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
    }

    [Fact]
    public async Task SeededSchedule_SourceBlobMissing_StartsNothing_AndRecordsWhy()
    {
        await using var crm = await CrmStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(Settings(crm));

        var schedule = await WaitForOutcomesAsync(server, o => Has(o, "refused"));

        var refused = schedule.GetProperty("outcomes")[0];
        Assert.Contains("does not exist", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await server.CountInstancesAsync());
    }

    [Fact]
    public async Task SeededSchedule_HostWithoutCrmBaseUrl_StartsNothing_AndNamesTheSetting()
    {
        await using var crm = await CrmStandIn.StartAsync();
        var settings = Settings(crm);
        settings["Crm:BaseUrl"] = null;
        await using var server = await ServerHost.StartAsync(settings);
        await server.Blobs.WriteAsync(Feed, new MemoryStream(Encoding.UTF8.GetBytes(CrmSyncJob.Csv(3))), "text/csv");

        var schedule = await WaitForOutcomesAsync(server, o => Has(o, "refused"));

        var refused = schedule.GetProperty("outcomes")[0];
        Assert.Contains("Crm:BaseUrl", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await server.CountInstancesAsync());
        Assert.Equal(0, crm.UpsertRequests);
    }
}
