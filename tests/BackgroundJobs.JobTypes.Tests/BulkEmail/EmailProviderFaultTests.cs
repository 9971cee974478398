using System.Net;
using System.Text.Json;
using BackgroundJobs.Server.Tests;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.JobTypes.Tests.BulkEmail;

/// <summary>
/// The e-mail provider misbehaving in the middle of a job, on the real engine: down (connection
/// refused) and then answering 503, or too slow for the timeout (the stand-in, like SendGrid, still
/// sends what a client gave up on). The job finishes once the provider recovers, within the retry
/// policy, and no recipient is sent twice unless the job asked for <c>onUnknownOutcome: resend</c>.
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
        // A 503 may come from a proxy that passed the request on, so the provider is asked about
        // those batches (it has none of them) before they are sent again.
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.ActivityRequestsPerMinute = null;
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid, WithDeliveryLookup()));
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
    public async Task ProviderSlowerThanTheTimeout_ByDefault_NoRecipientIsMailedTwice_TimedOutBatchesAreOutcomeUnknownAndNotSent()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        var (server, start) = await StartWhileProviderIsSlowAsync(sendGrid, Job(20));
        await using var _ = server;

        var status = await server.FollowStatusAsync(start, TimeSpan.FromMinutes(2));
        await Eventually.HoldsAsync(() => sendGrid.RequestsInFlight == 0, TimeSpan.FromSeconds(30));

        // The provider took every request it was sent, the timed-out ones too, as a real one does:
        // a retry that resent them would have mailed those recipients twice.
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(1, sendGrid.CountOf($"user{i}@example.com")));
        var output = status.GetProperty("output");
        var failed = output.GetProperty("failedBatches").EnumerateArray().ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, f => Assert.StartsWith("outcome unknown: ", f.GetProperty("reason").GetString(), StringComparison.Ordinal));
        Assert.Equal(20, output.GetProperty("sent").GetInt32() + output.GetProperty("failed").GetInt32());
        Assert.Equal(5 * failed.Count, output.GetProperty("failed").GetInt32());

        var notSent = await ReadNotSentAsync(server, output);
        Assert.Equal(5 * failed.Count, notSent.Count);
        Assert.All(notSent, row => Assert.StartsWith("outcome unknown: ", row.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProviderSlowerThanTheTimeout_WithDeliveryLookup_TimedOutBatchesAreFoundAtTheProvider_AndRecordedAsSent()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.ActivityRequestsPerMinute = null;
        var (server, start) = await StartWhileProviderIsSlowAsync(sendGrid, Job(20), WithDeliveryLookup());
        await using var _ = server;

        var status = await server.FollowStatusAsync(start, TimeSpan.FromMinutes(2));
        await Eventually.HoldsAsync(() => sendGrid.RequestsInFlight == 0, TimeSpan.FromSeconds(30));

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var output = status.GetProperty("output");
        Assert.Equal(20, output.GetProperty("sent").GetInt32());
        Assert.Empty(output.GetProperty("failedBatches").EnumerateArray());
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(1, sendGrid.CountOf($"user{i}@example.com")));
        Assert.True(sendGrid.ActivityRequests > 0, "the provider's records were never asked");
    }

    [Fact]
    public async Task ProviderSlowerThanTheTimeout_WithOnUnknownOutcomeResend_TimedOutBatchesAreSentAgain_AtLeastOnce()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        var job = new
        {
            subject = "Hi",
            text = "Hello",
            recipients = Enumerable.Range(0, 20).Select(i => new { email = $"user{i}@example.com" }),
            batchSize = 5,
            maxParallelBatches = 2,
            onUnknownOutcome = "resend",
        };
        var (server, start) = await StartWhileProviderIsSlowAsync(sendGrid, job);
        await using var _ = server;

        var status = await server.FollowStatusAsync(start, TimeSpan.FromMinutes(2));
        await Eventually.HoldsAsync(() => sendGrid.RequestsInFlight == 0, TimeSpan.FromSeconds(30));

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(20, status.GetProperty("output").GetProperty("sent").GetInt32());
        var counts = Enumerable.Range(0, 20).Select(i => sendGrid.CountOf($"user{i}@example.com")).ToList();
        Assert.All(counts, count => Assert.True(count >= 1));

        // The trade-off the job chose: the timed-out batches were taken by the provider and sent again.
        Assert.Contains(counts, count => count >= 2);
    }

    /// <summary>
    /// A server whose SendGrid timeout is 1 s, and a job whose first batches meet a provider that
    /// answers after 3 s; once those are in flight, the provider is fast again.
    /// </summary>
    private static async Task<(ServerHost Server, Uri Status)> StartWhileProviderIsSlowAsync(SendGridStandIn sendGrid, object job, Dictionary<string, string?>? settings = null)
    {
        settings = ServerHost.WithSendGrid(sendGrid, settings);
        settings["SendGrid:TimeoutSeconds"] = "1";
        var server = await ServerHost.StartAsync(settings);
        sendGrid.Delay = TimeSpan.FromSeconds(3);

        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", job);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        await Eventually.HoldsAsync(() => sendGrid.Requests >= 2, TimeSpan.FromSeconds(60));
        sendGrid.Delay = TimeSpan.Zero;
        return (server, start.Headers.Location!);
    }

    /// <summary>SendGrid's Email Activity lookup, with a claim timeout and settle delay short enough for a test (production: 2 and 10 minutes).</summary>
    private static Dictionary<string, string?> WithDeliveryLookup() => new()
    {
        ["SendGrid:EmailActivityLookup"] = "true",
        ["SendGrid:TimeoutSeconds"] = "3",
        ["BulkEmail:SendClaimTimeout"] = "00:00:04",
        ["BulkEmail:DeliveryLookupSettleDelay"] = "00:00:06",
    };

    private static async Task<List<(string Email, string Reason)>> ReadNotSentAsync(ServerHost server, JsonElement output)
    {
        var name = output.GetProperty("notSentBlob").GetString()!;
        await using var stream = await server.Blobs.OpenReadAsync(name) ?? throw new InvalidOperationException($"{name} is missing");
        using var reader = new StreamReader(stream);
        var rows = new List<(string, string)>();
        Assert.Equal("email,reason", await reader.ReadLineAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            rows.Add((line[..comma], line[(comma + 1)..].Trim('"')));
        }

        return rows;
    }
}
