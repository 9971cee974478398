using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using BackgroundJobs.TestHelpers;
using Xunit.Abstractions;

namespace BackgroundJobs.Crash.Tests;

/// <summary>
/// Issue 7, graceful stop: SIGTERM in the middle of sending, with a request in flight. The server
/// waits for it, stops within a bounded time and exits 0, no batch is left half done (every claim
/// has an outcome or was released), and
/// the job resumes on restart and completes with every recipient mailed once, without the
/// restarted server having to ask the provider about any batch.
/// </summary>
public sealed class GracefulStopTests(ITestOutputHelper output)
{
    private const int Recipients = 20_000;

    /// <summary>The host's shutdown timeout is 30 s; the rest is the runtime exiting on a loaded machine.</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task SigtermWhileSending_StopsInBoundedTimeWithExitCode0_NothingHalfDone_RestartCompletesEveryoneOnce()
    {
        await using var scenario = await BulkEmailScenario.StartAsync(output);
        await scenario.RunAsync(async () =>
        {
            // A request is in flight when the stop comes: held by the stand-in until the test lets it go.
            var held = scenario.SendGrid.HoldRequestAfter(3);
            var first = await scenario.StartServerAsync("server-1");
            var jobId = await BulkEmailScenario.StartBulkEmailAsync(first, "term", Recipients);
            var heldBatch = await held.Reached.WaitAsync(TimeSpan.FromSeconds(90));

            var stopping = Stopwatch.StartNew();
            await first.Process.TerminateAsync();
            var stoppedWhileInFlight = await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(3));
            held.Release(providerTakesIt: true);
            var exited = await first.Process.WaitForExitAsync(StopBound);
            stopping.Stop();

            Assert.False(stoppedWhileInFlight, "the server exited with a batch still in flight");
            Assert.True(exited, $"still running {StopBound} after SIGTERM");
            Assert.Equal(0, first.Process.ExitCode);
            output.WriteLine($"stopped {stopping.Elapsed.TotalSeconds:0.0} s after SIGTERM, {scenario.SendGrid.AcceptedRequests} of 20 batches sent");
            var halfDone = await ClaimsWithoutOutcomeAsync(scenario, jobId);
            Assert.True(halfDone.Count == 0, $"claimed but neither recorded nor released: {string.Join(", ", halfDone)}");
            Assert.InRange(scenario.SendGrid.AcceptedRequests, 4, 19);
            Assert.Contains(heldBatch, scenario.SendGrid.BatchIds);

            var second = await scenario.StartServerAsync("server-2");
            var status = await BulkEmailScenario.WaitDoneAsync(second, jobId, TimeSpan.FromMinutes(3));

            scenario.AssertCompletedEveryoneOnce(status, "term", Recipients);
            Assert.Equal(0, scenario.SendGrid.ActivityRequests);
        });
    }

    /// <summary>Batches whose latest claim is live (not released) and that have no outcome: an attempt stopped mid-send.</summary>
    private static async Task<List<string>> ClaimsWithoutOutcomeAsync(BulkEmailScenario scenario, string jobId)
    {
        var names = new List<string>();
        await foreach (var blob in scenario.Blobs.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"jobs/{jobId}/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        var halfDone = new List<string>();
        foreach (var claim in names.Where(n => n.Contains(".claim", StringComparison.Ordinal)))
        {
            var batch = claim[..claim.IndexOf(".claim", StringComparison.Ordinal)];
            var content = await scenario.Blobs.GetBlobClient(claim).DownloadContentAsync();
            using var json = JsonDocument.Parse(content.Value.Content.ToString());
            var released = json.RootElement.EnumerateObject().Any(p => p.Name.Equals("released", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.True);
            if (!released && !names.Contains($"{batch}.outcome.json"))
            {
                halfDone.Add(claim);
            }
        }

        return halfDone;
    }
}
