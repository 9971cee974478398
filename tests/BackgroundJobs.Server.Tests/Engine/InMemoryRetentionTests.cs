using System.Net;
using System.Text.Json;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Server.Tests.Engine;

/// <summary>
/// <c>Engine:InMemoryRetention</c>: the in-memory engine purges finished jobs that long after they
/// ended, so they leave <c>GET /api/jobs/{id}</c> and the list; a job still running stays however
/// long it runs.
/// </summary>
public sealed class InMemoryRetentionTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ShortRetention_FinishedJobIsPurgedAfterIt_RunningJobStays()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid, new() { ["Engine:InMemoryRetention"] = "00:00:01" }));
        var finished = await StartAsync(server, "done@example.com");
        await Eventually.HoldsAsync(async () => (await server.Client.GetInstanceAsync(finished))?.IsCompleted == true, TimeSpan.FromSeconds(30));
        Assert.Contains(finished, await ListedAsync(server));

        // The next job's e-mail is held at the provider: the job runs until the test lets it go.
        var hold = sendGrid.HoldRequestAfter(1);
        var running = await StartAsync(server, "slow@example.com");
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(30));

        await Eventually.HoldsAsync(async () => await StatusAsync(server, finished) == HttpStatusCode.NotFound, TimeSpan.FromSeconds(15));
        Assert.DoesNotContain(finished, await ListedAsync(server));
        Assert.Null(await server.Client.GetInstanceAsync(finished));

        await Task.Delay(3 * Retention);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server, running));
        Assert.Contains(running, await ListedAsync(server));
        var stillRunning = await server.Client.GetInstanceAsync(running);
        Assert.False(stillRunning!.IsCompleted, $"The slow job should still be sending; it is {stillRunning.RuntimeStatus}.");

        // Once it has ended, it goes the same way.
        hold.Release(providerTakesIt: true);
        await Eventually.HoldsAsync(async () => await StatusAsync(server, running) == HttpStatusCode.NotFound, TimeSpan.FromSeconds(20));
        Assert.Equal(2, sendGrid.AcceptedRecipients.Count);
    }

    private static async Task<string> StartAsync(ServerHost server, string email)
    {
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", new { subject = "Hi", text = "Hello", recipients = new[] { new { email } } });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        using var json = JsonDocument.Parse(await start.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetString()!;
    }

    // GET /api/jobs/{id}: 200 with the job, running or ended; 404 when there is no such job.
    private static async Task<HttpStatusCode> StatusAsync(ServerHost server, string id)
    {
        using var response = await server.Http.GetAsync(new Uri($"/api/jobs/{id}", UriKind.Relative));
        return response.StatusCode;
    }

    private static async Task<List<string>> ListedAsync(ServerHost server)
    {
        using var response = await server.Http.GetAsync(new Uri("/api/jobs", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
    }
}
