using BackgroundJobs.StandIns;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BackgroundJobs.Api.Schedules;
using BackgroundJobs.TestHelpers;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Server.Tests.Schedules;

/// <summary>
/// Schedules through the real HTTP API and the server's hosted schedule service, on the in-memory
/// engine and on an Azure Storage task hub (Azurite) shared by two servers. A 2-second cron needs
/// <c>Schedules:MinInterval</c> lowered, as a test may and a deployment should not.
/// </summary>
public class ScheduleTests
{
    private static readonly object OneEmail = new { subject = "Tick", text = "Hello", recipients = new[] { new { email = "ada@example.com" } } };

    private static Dictionary<string, string?> Fast(Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Schedules:MinInterval"] = "00:00:01";
        return settings;
    }

    private static async Task<HttpResponseMessage> PutAsync(ServerHost server, string name, object body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/schedules/{name}", UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await server.Http.SendAsync(request);
    }

    private static async Task<JsonElement> GetAsync(ServerHost server, string path)
    {
        using var response = await server.Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> PostAsync(ServerHost server, string path)
    {
        using var response = await server.Http.PostAsync(new Uri(path, UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<JsonElement> Outcomes(JsonElement schedule, string outcome) =>
        schedule.GetProperty("outcomes").EnumerateArray().Where(o => o.GetProperty("outcome").GetString() == outcome).ToList();

    private static async Task<JsonElement> WaitForAsync(ServerHost server, string name, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var schedule = await GetAsync(server, $"/api/schedules/{name}");
            if (done(schedule))
            {
                return schedule;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Schedule {name} never got there: {schedule}");
            }

            await Task.Delay(100);
        }
    }

    private static int Mails(ServerHost server) =>
        Directory.Exists(server.OutboxFolder) ? Directory.GetFiles(server.OutboxFolder, "*.eml", SearchOption.AllDirectories).Length : 0;

    private static async Task WaitForJobsToEndAsync(ServerHost server)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var running = false;
            await foreach (var instance in server.Client.GetAllInstancesAsync(new Microsoft.DurableTask.Client.OrchestrationQuery()))
            {
                running |= !instance.IsCompleted;
            }

            if (!running)
            {
                return;
            }
        }

        throw new TimeoutException("Jobs still running after 30 s.");
    }

    [Fact]
    public async Task EveryTwoSeconds_StartsOneJobPerOccurrence_NamedByIt_AndDeleteStopsIt()
    {
        await using var server = await ServerHost.StartAsync(Fast());

        using (var created = await PutAsync(server, "tick", new { cron = "*/2 * * * * *", jobType = "bulk-email", request = OneEmail }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var schedule = await WaitForAsync(server, "tick", s => Outcomes(s, "started").Count >= 3, TimeSpan.FromSeconds(20));
        using (var deleted = await server.Http.DeleteAsync(new Uri("/api/schedules/tick", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await WaitForJobsToEndAsync(server);
        var jobsAfterDelete = await server.CountInstancesAsync(jobsOnly: true);
        await Task.Delay(TimeSpan.FromSeconds(4));

        var started = Outcomes(schedule, "started");
        foreach (var outcome in started)
        {
            var occurrence = outcome.GetProperty("occurrence").GetDateTimeOffset();
            Assert.Equal(0, occurrence.Second % 2);
            Assert.Equal($"schedule-tick-{occurrence.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}", outcome.GetProperty("jobId").GetString());
        }

        Assert.Equal(started.Count, started.Select(o => o.GetProperty("jobId").GetString()).Distinct().Count());
        Assert.Equal(jobsAfterDelete, await server.CountInstancesAsync(jobsOnly: true));
        Assert.Equal(jobsAfterDelete, Mails(server));
        using var gone = await server.Http.GetAsync(new Uri("/api/schedules/tick", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task TwoServersOnOneAzureStorageTaskHub_StartExactlyOneJobPerOccurrence_OverTenOccurrences()
    {
        var shared = Fast(ServerHost.OnAzurite());
        await using var first = await ServerHost.StartAsync(new Dictionary<string, string?>(shared));
        await using var second = await ServerHost.StartAsync(new Dictionary<string, string?>(shared));

        using (var created = await PutAsync(first, "both", new { cron = "*/2 * * * * *", jobType = "bulk-email", request = OneEmail, overlap = "allow" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var schedule = await WaitForAsync(second, "both", s => Outcomes(s, "started").Count >= 11, TimeSpan.FromSeconds(60));
        await PostAsync(first, "/api/schedules/both/pause");
        await WaitForJobsToEndAsync(first);

        // The ten latest occurrences, each 2 s after the one before: none missed, none started twice.
        var occurrences = Outcomes(schedule, "started").Select(o => o.GetProperty("occurrence").GetDateTimeOffset()).Take(10).ToList();
        Assert.Equal(10, occurrences.Distinct().Count());
        for (var i = 1; i < occurrences.Count; i++)
        {
            Assert.Equal(TimeSpan.FromSeconds(2), occurrences[i - 1] - occurrences[i]);
        }

        var jobs = await first.CountInstancesAsync(jobsOnly: true);
        Assert.InRange(jobs, 11, 14);
        Assert.Equal(jobs, Mails(first) + Mails(second));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task OverlapSkip_RunNowWhileTheLastRunIsStillGoing_RecordsASkip(bool azureStorage)
    {
        const string Feed = "uploads/crm-feed.csv";
        await using var crm = await CrmStandIn.StartAsync();
        crm.Delay = TimeSpan.FromSeconds(2);
        var settings = azureStorage ? ServerHost.OnAzurite() : [];
        settings["Crm:BaseUrl"] = crm.BaseUrl;
        settings["Crm:ApiKey"] = "crm-test-key";
        await using var server = await ServerHost.StartAsync(settings);
        // 150 contacts are two upserts of 2 s each: the first run is still going when run-now is asked again.
        var contacts = "externalId\n" + string.Concat(Enumerable.Range(1, 150).Select(i => string.Create(CultureInfo.InvariantCulture, $"c{i}\n")));
        await server.Blobs.WriteAsync(Feed, new MemoryStream(Encoding.UTF8.GetBytes(contacts)), "text/csv");
        using (var created = await PutAsync(server, "crm-nightly", new { cron = "0 0 2 * * *", timeZone = "Europe/Paris", jobType = "crm-sync", request = new { blob = Feed } }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var firstRun = await PostAsync(server, "/api/schedules/crm-nightly/trigger");
        await Task.Delay(1100);
        var secondRun = await PostAsync(server, "/api/schedules/crm-nightly/trigger");
        var schedule = await GetAsync(server, "/api/schedules/crm-nightly");

        Assert.Equal("started", firstRun.GetProperty("outcome").GetString());
        Assert.Equal("skipped", secondRun.GetProperty("outcome").GetString());
        Assert.Equal(firstRun.GetProperty("jobId").GetString(), secondRun.GetProperty("jobId").GetString());
        Assert.Equal(["skipped", "started"], schedule.GetProperty("outcomes").EnumerateArray().Select(o => o.GetProperty("outcome").GetString()));
        Assert.Equal("Europe/Paris", schedule.GetProperty("timeZone").GetString());
        var next = schedule.GetProperty("nextOccurrence").GetDateTimeOffset();
        Assert.Equal(2, TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).Hour);
        Assert.Equal(1, await server.CountInstancesAsync(jobsOnly: true));
    }

    public static TheoryData<bool> Engines => new() { false, true };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Paused_StartsNothing_AndResumeStartsAgain(bool azureStorage)
    {
        await using var server = await ServerHost.StartAsync(Fast(azureStorage ? ServerHost.OnAzurite() : null));
        using (var created = await PutAsync(server, "held", new { cron = "*/2 * * * * *", jobType = "bulk-email", request = OneEmail, paused = true }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        var whilePaused = await server.CountInstancesAsync(jobsOnly: true);
        var paused = await GetAsync(server, "/api/schedules/held");
        await PostAsync(server, "/api/schedules/held/resume");
        var resumed = await WaitForAsync(server, "held", s => Outcomes(s, "started").Count >= 1, TimeSpan.FromSeconds(10));

        Assert.Equal(0, whilePaused);
        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, paused.TryGetProperty("nextOccurrence", out var none) ? none.ValueKind : JsonValueKind.Null);
        Assert.False(resumed.GetProperty("paused").GetBoolean());
        Assert.True(await server.CountInstancesAsync(jobsOnly: true) >= 1);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task CatchUpLatest_AfterThreeMissedOccurrences_RunsOneJob_ForTheLatest(bool azureStorage)
    {
        await using var server = await ServerHost.StartAsync(azureStorage ? ServerHost.OnAzurite() : null);
        using (var created = await PutAsync(server, "daily", new { cron = "0 3 * * *", jobType = "bulk-email", request = OneEmail, catchUp = "latest" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // Nothing ticked for three days (three 03:00 occurrences); the runner then wakes.
        var runner = server.Services.GetRequiredService<ScheduleRunner>();
        var now = DateTimeOffset.UtcNow;
        var afterDowntime = now.AddDays(3).AddHours(1);
        var latest = Cronos.CronExpression.Parse("0 3 * * *").GetOccurrences(now, afterDowntime, TimeZoneInfo.Utc).Last();
        await runner.RunDueAsync(server.Client, afterDowntime);
        await runner.RunDueAsync(server.Client, afterDowntime.AddSeconds(1));
        var schedule = await GetAsync(server, "/api/schedules/daily");

        var started = Assert.Single(schedule.GetProperty("outcomes").EnumerateArray());
        Assert.Equal(ScheduleRunner.JobIdFor("daily", latest), started.GetProperty("jobId").GetString());
        Assert.Equal(1, await server.CountInstancesAsync(jobsOnly: true));
    }

    [Fact]
    public async Task OccurrenceClaims_OlderThanADay_AreDeletedByTheRunner_AndTheirOccurrencesDoNotRunAgain()
    {
        await using var server = await ServerHost.StartAsync();
        using (var created = await PutAsync(server, "daily", new { cron = "0 3 * * *", jobType = "bulk-email", request = OneEmail, catchUp = "latest", overlap = "allow" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // The runner wakes after a downtime (one claim, one job), then again two days on.
        var runner = server.Services.GetRequiredService<ScheduleRunner>();
        var now = DateTimeOffset.UtcNow;
        await runner.RunDueAsync(server.Client, now.AddDays(3).AddHours(1));
        var claimsBefore = await ClaimsAsync(server, "daily");
        var later = now.AddDays(5).AddHours(1);
        await runner.RunDueAsync(server.Client, later);
        await runner.RunDueAsync(server.Client, later.AddSeconds(1));
        var claimsAfter = await ClaimsAsync(server, "daily");
        var schedule = await GetAsync(server, "/api/schedules/daily");

        var latest = Cronos.CronExpression.Parse("0 3 * * *").GetOccurrences(now, later, TimeZoneInfo.Utc).Last();
        Assert.Single(claimsBefore);
        Assert.Equal([ScheduleRunner.OccurrenceText(latest)], claimsAfter);
        Assert.Equal(2, Outcomes(schedule, "started").Count);
        Assert.Equal(2, await server.CountInstancesAsync(jobsOnly: true));
    }

    private static async Task<List<string>> ClaimsAsync(ServerHost server, string name)
    {
        var prefix = $"schedules/claims/{name}/";
        var claims = new List<string>();
        await foreach (var claim in server.Blobs.ListAsync(prefix))
        {
            claims.Add(claim[prefix.Length..]);
        }

        return claims;
    }

    [Theory]
    [InlineData("never", """{"cron":"0 0 30 2 *","jobType":"bulk-email","request":{"subject":"S","text":"T","recipients":[{"email":"a@example.com"}]}}""", "cron")]
    [InlineData("too-often", """{"cron":"* * * * * *","jobType":"bulk-email","request":{"subject":"S","text":"T","recipients":[{"email":"a@example.com"}]}}""", "cron")]
    [InlineData("zone", """{"cron":"0 2 * * *","timeZone":"Mars/Olympus","jobType":"bulk-email","request":{"subject":"S","text":"T","recipients":[{"email":"a@example.com"}]}}""", "timeZone")]
    [InlineData("type", """{"cron":"0 2 * * *","jobType":"no-such-type","request":{}}""", "jobType")]
    [InlineData("request", """{"cron":"0 2 * * *","jobType":"bulk-email","request":{"subject":"S","text":"T","recipients":[{"email":"not-an-address"}]}}""", "request.recipients[0].email")]
    [InlineData("unknown-field", """{"cron":"0 2 * * *","jobType":"bulk-email","request":{"subject":"S","text":"T","recipients":[{"email":"a@example.com"}],"colour":"red"}}""", "request.colour")]
    [InlineData("start-time", """{"cron":"0 2 * * *","jobType":"bulk-email","request":{"subject":"S","text":"T","recipients":[{"email":"a@example.com"}],"runAt":"2030-01-01T08:00:00Z"}}""", "request.runAt")]
    [InlineData("start-delay", """{"cron":"0 2 * * *","jobType":"bulk-email","request":{"subject":"S","text":"T","recipients":[{"email":"a@example.com"}],"delaySeconds":60}}""", "request.delaySeconds")]
    [InlineData("bad.name", """{"cron":"0 2 * * *","jobType":"bulk-email","request":{"subject":"S","text":"T","recipients":[{"email":"a@example.com"}]}}""", "name")]
    [InlineData("a-name-that-is-far-too-long-to-be-part-of-a-job-id-0123456789012345678901234567890123456789", """{"cron":"0 2 * * *","jobType":"bulk-email","request":{"subject":"S","text":"T","recipients":[{"email":"a@example.com"}]}}""", "name")]
    public async Task BadSchedule_IsRefusedNamingTheField_AndNothingIsStored(string name, string body, string field)
    {
        await using var server = await ServerHost.StartAsync();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await server.Http.PutAsync(new Uri($"/api/schedules/{name}", UriKind.Relative), content);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        Assert.Empty((await GetAsync(server, "/api/schedules")).EnumerateArray());
    }

    [Fact]
    public async Task PutWithAnOutdatedIfMatch_Is412_AndABodyOver1MiB_Is413_AndNothingChanges()
    {
        await using var server = await ServerHost.StartAsync();
        using var created = await PutAsync(server, "edit", new { cron = "0 2 * * *", jobType = "bulk-email", request = OneEmail });
        var etag = created.Headers.ETag!.Tag;
        using var updated = await PutAsync(server, "edit", new { cron = "0 3 * * *", jobType = "bulk-email", request = OneEmail }, ifMatch: etag);

        using var stale = await PutAsync(server, "edit", new { cron = "0 4 * * *", jobType = "bulk-email", request = OneEmail }, ifMatch: etag);
        using var huge = await PutAsync(server, "edit", new { cron = "0 5 * * *", jobType = "bulk-email", request = new { subject = "S", text = new string('x', 1024 * 1024) } });
        var schedule = await GetAsync(server, "/api/schedules/edit");

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("If-Match", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("0 3 * * *", schedule.GetProperty("cron").GetString());
        Assert.Equal(updated.Headers.ETag!.Tag, schedule.GetProperty("eTag").GetString());
    }
}
