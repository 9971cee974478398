using System.Net;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Server.Tests.Faults;

/// <summary>
/// The e-mail provider misbehaving in the middle of a job, on the real engine: down (connection
/// refused) and then answering 503, or too slow for the timeout. The job finishes once the provider
/// recovers, within the retry policy, and no recipient is sent twice.
/// </summary>
public sealed class EmailProviderFaultTests
{
    private static object Job(int recipients) => new
    {
        subject = "Hi",
        text = "Hello",
        recipients = Enumerable.Range(0, recipients).Select(i => new { email = $"user{i}@example.com" }),
        batchSize = 5,
        maxParallelBatches = 2,
    };

    [Fact]
    public async Task ProviderDownThen503For30Seconds_JobCompletesAfterItRecovers_EveryRecipientOnce()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        sendGrid.Delay = TimeSpan.FromMilliseconds(300);

        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", Job(40));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        await Eventually.HoldsAsync(() => sendGrid.AcceptedRequests >= 1, TimeSpan.FromSeconds(30));

        // Down for 20 s (connection refused), then up but failing with 503 for 10 s more.
        await sendGrid.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(20));
        sendGrid.OutageStatus = 503;
        await sendGrid.RestartAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        sendGrid.OutageStatus = null;

        var status = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromMinutes(3));
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(40, status.GetProperty("output").GetProperty("sent").GetInt32());
        Assert.All(Enumerable.Range(0, 40), i => Assert.Equal(1, sendGrid.CountOf($"user{i}@example.com")));
    }

    [Fact]
    public async Task ProviderSlowerThanTheTimeout_AttemptsTimeOutAndRetry_NothingIsSentTwice()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        var settings = ServerHost.WithSendGrid(sendGrid);
        settings["SendGrid:TimeoutSeconds"] = "1";
        await using var server = await ServerHost.StartAsync(settings);
        sendGrid.Delay = TimeSpan.FromSeconds(5);

        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", Job(20));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        await Eventually.HoldsAsync(() => sendGrid.Requests >= 4, TimeSpan.FromSeconds(60));
        sendGrid.Delay = TimeSpan.Zero;

        var status = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromMinutes(2));
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(20, sendGrid.AcceptedRecipients.Count);
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(1, sendGrid.CountOf($"user{i}@example.com")));
        Assert.True(sendGrid.Requests > sendGrid.AcceptedRequests, "no attempt timed out");
    }
}
