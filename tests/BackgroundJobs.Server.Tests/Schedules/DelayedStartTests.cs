using System.Globalization;
using System.Net;
using System.Text.Json;

namespace BackgroundJobs.Server.Tests.Schedules;

/// <summary>
/// A start for later (<c>runAt</c>, <c>delaySeconds</c>) through the real start route on both engines:
/// the job exists at once as scheduled, is listed and shows its start time, starts at it, and a cancel
/// before it means the job's work never runs (the outbox stays empty).
/// </summary>
public class DelayedStartTests
{
    private static object Email(object? runAt = null, int? delaySeconds = null) => new
    {
        subject = "Later",
        text = "Hello",
        recipients = new[] { new { email = "ada@example.com" } },
        runAt,
        delaySeconds,
    };

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> WaitForStatusAsync(ServerHost server, string id, string status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = await ReadJsonAsync(await server.Http.GetAsync(new Uri($"/api/jobs/{id}", UriKind.Relative)));
            if (job.GetProperty("status").GetString() == status)
            {
                return job;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {id} never became {status}: {job}");
            }

            await Task.Delay(50);
        }
    }

    public static TheoryData<bool> Engines => new() { false, true };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task RunAt_SixSecondsAhead_IsScheduledListedWithItsTime_AndStartsWithinTwoSecondsOfIt(bool azureStorage)
    {
        await using var server = await ServerHost.StartAsync(azureStorage ? ServerHost.OnAzurite() : null);
        var runAt = DateTimeOffset.UtcNow.AddSeconds(6);
        var runAtText = runAt.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

        var accepted = await ReadJsonAsync(await server.PostJsonAsync("/api/jobs/bulk-email", Email(runAt: runAtText)));
        var id = accepted.GetProperty("id").GetString()!;
        var scheduled = await WaitForStatusAsync(server, id, "scheduled", TimeSpan.FromSeconds(4));
        var listed = await ReadJsonAsync(await server.Http.GetAsync(new Uri("/api/jobs?status=scheduled", UriKind.Relative)));
        Assert.Empty(Directory.Exists(server.OutboxFolder) ? Directory.GetFiles(server.OutboxFolder, "*", SearchOption.AllDirectories) : []);
        await WaitForStatusAsync(server, id, "completed", TimeSpan.FromSeconds(20));
        var finished = await server.Client.GetInstanceAsync(id);

        Assert.Equal("scheduled", accepted.GetProperty("status").GetString());
        Assert.Equal(runAt.ToUnixTimeMilliseconds(), accepted.GetProperty("runAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(runAt.ToUnixTimeMilliseconds(), scheduled.GetProperty("runAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), j => j.GetProperty("id").GetString() == id);
        Assert.InRange(finished!.LastUpdatedAt, runAt, runAt.AddSeconds(2));
        Assert.NotEmpty(Directory.GetFiles(server.OutboxFolder, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task DelaySecondsQuery_CanceledBeforeItsTime_NeverRuns(bool azureStorage)
    {
        await using var server = await ServerHost.StartAsync(azureStorage ? ServerHost.OnAzurite() : null);

        var accepted = await ReadJsonAsync(await server.PostJsonAsync("/api/jobs/bulk-email?delaySeconds=3", Email()));
        var id = accepted.GetProperty("id").GetString()!;
        await WaitForStatusAsync(server, id, "scheduled", TimeSpan.FromSeconds(5));
        using (var cancel = await server.Http.PostAsync(new Uri($"/api/jobs/{id}/cancel", UriKind.Relative), null))
        {
            Assert.True(cancel.IsSuccessStatusCode, await cancel.Content.ReadAsStringAsync());
        }

        await Task.Delay(TimeSpan.FromSeconds(4));
        var job = await ReadJsonAsync(await server.Http.GetAsync(new Uri($"/api/jobs/{id}", UriKind.Relative)));

        Assert.Equal("scheduled", accepted.GetProperty("status").GetString());
        Assert.Equal("canceled", job.GetProperty("status").GetString());
        Assert.False(Directory.Exists(server.OutboxFolder) && Directory.EnumerateFiles(server.OutboxFolder, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task SameIdempotencyKeyAndDelay_Twice_IsOneScheduledJob_AndAPastRunAtStartsNow()
    {
        await using var server = await ServerHost.StartAsync();

        var first = await ReadJsonAsync(await server.PostJsonAsync("/api/jobs/bulk-email", Email(delaySeconds: 60), idempotencyKey: "later-1"));
        await Task.Delay(1100); // the second request's "now" is later: the key still matches, because the delay is what was asked
        var second = await ReadJsonAsync(await server.PostJsonAsync("/api/jobs/bulk-email", Email(delaySeconds: 60), idempotencyKey: "later-1"));
        var past = await ReadJsonAsync(await server.PostJsonAsync("/api/jobs/bulk-email", Email(runAt: "2020-01-01T00:00:00Z")));
        var pastJob = await WaitForStatusAsync(server, past.GetProperty("id").GetString()!, "completed", TimeSpan.FromSeconds(20));

        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.Equal("scheduled", second.GetProperty("status").GetString());
        Assert.Equal(2, await server.CountInstancesAsync(jobsOnly: true));
        Assert.Equal("pending", past.GetProperty("status").GetString());
        Assert.False(past.TryGetProperty("runAt", out _));
        Assert.False(pastJob.TryGetProperty("runAt", out _));
    }

    [Theory]
    [InlineData("/api/jobs/bulk-email", """{"subject":"S","text":"T","recipients":[{"email":"a@example.com"}],"runAt":"2030-01-01T00:00:00"}""", "runAt", "a time without a zone")]
    [InlineData("/api/jobs/bulk-email", """{"subject":"S","text":"T","recipients":[{"email":"a@example.com"}],"runAt":"2099-01-01T00:00:00Z"}""", "runAt", "more than 30 days ahead")]
    [InlineData("/api/jobs/bulk-email?delaySeconds=2592001", """{"subject":"S","text":"T","recipients":[{"email":"a@example.com"}]}""", "delaySeconds", "more than 30 days in the query")]
    [InlineData("/api/jobs/bulk-email?delaySeconds=soon", """{"subject":"S","text":"T","recipients":[{"email":"a@example.com"}]}""", "delaySeconds", "not a number")]
    [InlineData("/api/jobs/bulk-email", """{"subject":"S","text":"T","recipients":[{"email":"a@example.com"}],"delaySeconds":-1}""", "delaySeconds", "a negative delay")]
    [InlineData("/api/jobs/bulk-email?runAt=2030-01-01T00:00:00Z", """{"subject":"S","text":"T","recipients":[{"email":"a@example.com"}],"delaySeconds":5}""", "delaySeconds", "both a time and a delay")]
    public async Task BadStartTime_IsRefusedNamingTheField_AndNothingStarts(string path, string body, string field, string because)
    {
        await using var server = await ServerHost.StartAsync();

        await server.AssertRefusedAsync(path, "application/json", body, (int)HttpStatusCode.BadRequest, field, because);
    }
}
