using BackgroundJobs.TestHelpers;
using Xunit.Abstractions;

namespace BackgroundJobs.Crash.Tests;

/// <summary>
/// Issue 7, crash and restart: the server (a real process, Azure Storage engine on Azurite) is killed
/// with SIGKILL in the middle of a 20,000-recipient bulk e-mail and started again; the job completes
/// and the SendGrid stand-in saw every recipient exactly once. Three kill points: while the
/// recipients are prepared into batches, after the first batches were sent, and while a request is
/// in flight (the stand-in holds it, the server dies, then the provider keeps it: only asking the
/// provider can tell that this batch must not be sent again).
/// </summary>
public sealed class CrashAndRestartTests(ITestOutputHelper output)
{
    private const int Recipients = 20_000;
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task KilledWhilePreparingBatches_RestartedServerCompletesTheJob_EveryRecipientOnce()
    {
        await using var scenario = await BulkEmailScenario.StartAsync(output);
        await scenario.RunAsync(async () =>
        {
            var first = await scenario.StartServerAsync("server-1");
            var jobId = await BulkEmailScenario.StartBulkEmailAsync(first, "prep", Recipients);

            // The first batch blob is written: preparation has begun, and nothing can be sent before it ends.
            var container = scenario.Blobs;
            await Eventually.HoldsAsync(
                async () =>
                {
                    await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"jobs/{jobId}/", CancellationToken.None))
                    {
                        if (blob.Name.Contains("/batches/", StringComparison.Ordinal))
                        {
                            return true;
                        }
                    }

                    return false;
                },
                TimeSpan.FromSeconds(60));
            first.Process.Kill();
            Assert.Equal(0, scenario.SendGrid.Requests);

            var second = await scenario.StartServerAsync("server-2");
            var status = await BulkEmailScenario.WaitDoneAsync(second, jobId, JobTimeout);

            scenario.AssertCompletedEveryoneOnce(status, "prep", Recipients);
        });
    }

    [Fact]
    public async Task KilledAfterTheFirstBatches_RestartedServerCompletesTheJob_EveryRecipientOnce()
    {
        await using var scenario = await BulkEmailScenario.StartAsync(output);
        await scenario.RunAsync(async () =>
        {
            // Slow enough that the kill lands with batches still to send, and some mid-request.
            scenario.SendGrid.Delay = TimeSpan.FromMilliseconds(300);
            var first = await scenario.StartServerAsync("server-1");
            var jobId = await BulkEmailScenario.StartBulkEmailAsync(first, "few", Recipients);
            await Eventually.HoldsAsync(() => scenario.SendGrid.AcceptedRequests >= 3, TimeSpan.FromSeconds(90));
            first.Process.Kill();
            var sentBeforeTheKill = scenario.SendGrid.AcceptedRequests;
            Assert.InRange(sentBeforeTheKill, 3, 19);

            var second = await scenario.StartServerAsync("server-2");
            var status = await BulkEmailScenario.WaitDoneAsync(second, jobId, JobTimeout);

            scenario.AssertCompletedEveryoneOnce(status, "few", Recipients);
            Assert.Equal(20, scenario.SendGrid.AcceptedRequests);
        });
    }

    [Fact]
    public async Task KilledWhileARequestIsInFlight_TheProviderKeptIt_RestartedServerAsksInsteadOfResending_EveryRecipientOnce()
    {
        await using var scenario = await BulkEmailScenario.StartAsync(output);
        await scenario.RunAsync(async () =>
        {
            var held = scenario.SendGrid.HoldRequestAfter(5);
            var first = await scenario.StartServerAsync("server-1");
            var jobId = await BulkEmailScenario.StartBulkEmailAsync(first, "flight", Recipients);
            var heldBatch = await held.Reached.WaitAsync(TimeSpan.FromSeconds(90));

            // The server dies with the request in flight; SendGrid had all of it, and keeps it.
            first.Process.Kill();
            Assert.True(await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(10)));
            held.Release(providerTakesIt: true);

            var second = await scenario.StartServerAsync("server-2");
            var status = await BulkEmailScenario.WaitDoneAsync(second, jobId, JobTimeout);

            scenario.AssertCompletedEveryoneOnce(status, "flight", Recipients);
            Assert.Equal(1, scenario.SendGrid.BatchIds.Count(id => id == heldBatch));
            Assert.True(scenario.SendGrid.ActivityRequests >= 1, "the restarted server never asked the provider about the batch in flight");
            Assert.Contains(second.Process.Output, line => line.Contains("recorded as sent and not resent", StringComparison.Ordinal));
        });
    }
}
