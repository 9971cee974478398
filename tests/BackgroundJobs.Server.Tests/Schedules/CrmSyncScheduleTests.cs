using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BackgroundJobs.Api.Schedules;
using BackgroundJobs.Server.Schedules;
using BackgroundJobs.Server.Tests.CrmSync;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BackgroundJobs.Server.Tests.Schedules;

/// <summary>
/// The recurring CRM sync's singleton rule on the real in-memory engine: the hosted schedule is
/// driven by a fake clock, so occurrences come when the test moves time, never by waiting for cron.
/// </summary>
public class CrmSyncScheduleTests
{
    private const string Feed = "uploads/crm-feed.csv";

    // The server's own schedule would fire on January 1st only; the test runs its own on the fake clock.
    private static Dictionary<string, string?> Settings(CrmStandIn crm) => CrmSyncJob.Settings(crm, settings: new()
    {
        ["Crm:Schedule:Cron"] = "0 0 0 1 1 *",
        ["Crm:Schedule:SourceBlob"] = Feed,
    });

    private static async Task<ScheduleStatus> WaitForOccurrenceAsync(ServerHost server, DateTimeOffset occurrence)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            var listed = await server.Http.GetFromJsonAsync<List<JsonElement>>("/api/schedules", Core.Storage.JobJson.Options);
            if (listed is [var one] && one.Deserialize<ScheduleStatus>(Core.Storage.JobJson.Options) is { } status && status.LastOccurrence == occurrence)
            {
                // Let the schedule's loop take the clock's time for its next wait before the test moves it.
                await Task.Delay(200);
                return status;
            }
        }

        throw new TimeoutException($"The occurrence {occurrence} was never recorded: {await server.Http.GetStringAsync(new Uri("/api/schedules", UriKind.Relative))}");
    }

    [Fact]
    public async Task HostedSchedule_OccurrenceWhileTheLastRunIsStillGoing_IsSkippedLoggedAndVisible_AndTheNextAfterItEndsStartsAgain()
    {
        await using var crm = await CrmStandIn.StartAsync();
        crm.Delay = TimeSpan.FromSeconds(2);
        await using var server = await ServerHost.StartAsync(Settings(crm));
        await server.Blobs.WriteAsync(Feed, new MemoryStream(Encoding.UTF8.GetBytes(CrmSyncJob.Csv(150))), "text/csv");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 2, 0, 30, TimeSpan.Zero));
        using var schedule = new CrmSyncScheduleService(
            Options.Create(new CrmScheduleOptions { Cron = "0 * * * * *", SourceBlob = Feed }),
            server.Services.GetRequiredService<CrmSyncScheduler>(),
            server.Client,
            clock,
            NullLogger<CrmSyncScheduleService>.Instance);
        await schedule.StartAsync(CancellationToken.None);
        await Task.Delay(200); // ExecuteAsync runs on a thread of its own (.NET 10): let it read the clock first.

        clock.Advance(TimeSpan.FromSeconds(30));
        var first = await WaitForOccurrenceAsync(server, new DateTimeOffset(2026, 1, 1, 2, 1, 0, TimeSpan.Zero));
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await WaitForOccurrenceAsync(server, new DateTimeOffset(2026, 1, 1, 2, 2, 0, TimeSpan.Zero));
        var firstRun = await server.Client.WaitForInstanceCompletionAsync(first.JobId!, getInputsAndOutputs: true);
        clock.Advance(TimeSpan.FromMinutes(1));
        var third = await WaitForOccurrenceAsync(server, new DateTimeOffset(2026, 1, 1, 2, 3, 0, TimeSpan.Zero));
        await schedule.StopAsync(CancellationToken.None);

        Assert.Equal((ScheduleOutcome.Started, "schedule-crm-sync-20260101T020100Z"), (first.LastOutcome, first.JobId));
        Assert.Equal((ScheduleOutcome.Skipped, first.JobId, 1), (second.LastOutcome, second.JobId, second.SkippedRuns));
        Assert.Contains("still Running", second.Message, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, firstRun.RuntimeStatus);
        Assert.Equal((ScheduleOutcome.Started, "schedule-crm-sync-20260101T020300Z", 1), (third.LastOutcome, third.JobId, third.SkippedRuns));
        Assert.Equal(2, await server.CountInstancesAsync(jobsOnly: true));
    }

    [Fact]
    public async Task Scheduler_SourceBlobMissing_StartsNothing_AndRecordsWhy()
    {
        await using var crm = await CrmStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(Settings(crm));
        var scheduler = server.Services.GetRequiredService<CrmSyncScheduler>();

        var status = await scheduler.RunAsync(server.Client, new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.Zero));

        Assert.Equal(ScheduleOutcome.Refused, status!.LastOutcome);
        Assert.Contains("does not exist", status.Message, StringComparison.Ordinal);
        Assert.Equal(0, await server.CountInstancesAsync());
        Assert.Equal(status, Assert.Single(await scheduler.ListAsync()));
    }
}
