using BackgroundJobs.TestHelpers;
using Xunit.Abstractions;

namespace BackgroundJobs.Crash.Tests;

/// <summary>
/// Issue 7, two server processes on one task hub: both take work (each one's own log lists batches
/// it handed to SendGrid, event 2100), one is killed with SIGKILL mid-job, and the other finishes
/// every job with every recipient mailed exactly once.
/// </summary>
public sealed class TwoServersTests(ITestOutputHelper output)
{
    private const int RecipientsPerJob = 10_000;

    [Fact]
    public async Task TwoServersShareTheWork_OneIsKilled_TheOtherFinishesEveryJob_EveryRecipientOnce()
    {
        await using var scenario = await BulkEmailScenario.StartAsync(output);
        await scenario.RunAsync(async () =>
        {
            // Slow enough that both servers are sending before the jobs are done. One activity at a
            // time per server keeps batches waiting in the shared work-item queue: otherwise the
            // server that started first, its poller hot, takes every batch as it appears (seen on a
            // loaded machine: both jobs done in 5 s by one server, the other never polled a message).
            scenario.SendGrid.Delay = TimeSpan.FromMilliseconds(400);
            scenario.Settings["Engine:MaxConcurrentActivities"] = "1";
            var servers = await Task.WhenAll(scenario.StartServerAsync("server-a"), scenario.StartServerAsync("server-b"));
            var (doomed, survivor) = (servers[0], servers[1]);
            var jobs = new[]
            {
                await BulkEmailScenario.StartBulkEmailAsync(doomed, "two-a", RecipientsPerJob, maxParallelBatches: 2),
                await BulkEmailScenario.StartBulkEmailAsync(survivor, "two-b", RecipientsPerJob, maxParallelBatches: 2),
            };

            await Eventually.HoldsAsync(
                () => BulkEmailScenario.BatchesSentBy(doomed).Count >= 1 && BulkEmailScenario.BatchesSentBy(survivor).Count >= 1,
                TimeSpan.FromSeconds(90));
            doomed.Process.Kill();
            var sentByTheSurvivorBeforeTheKill = BulkEmailScenario.BatchesSentBy(survivor).Count;
            output.WriteLine($"before the kill: {BulkEmailScenario.BatchesSentBy(doomed).Count} batches sent by {doomed.Process.Name}, {sentByTheSurvivorBeforeTheKill} by {survivor.Process.Name}");
            Assert.True(scenario.SendGrid.AcceptedRequests < 20, "both jobs were done before the kill; nothing was left to take over");

            foreach (var (jobId, prefix) in jobs.Zip(["two-a", "two-b"]))
            {
                var status = await BulkEmailScenario.WaitDoneAsync(survivor, jobId, TimeSpan.FromMinutes(3));
                scenario.AssertCompletedEveryoneOnce(status, prefix, RecipientsPerJob);
            }

            Assert.True(BulkEmailScenario.BatchesSentBy(survivor).Count > sentByTheSurvivorBeforeTheKill, "the survivor sent nothing after the kill");
            Assert.Equal(20, scenario.SendGrid.AcceptedRequests);
        });
    }
}
