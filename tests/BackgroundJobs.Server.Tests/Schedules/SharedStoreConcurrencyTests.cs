using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BackgroundJobs.Api.Schedules;
using BackgroundJobs.TestHelpers;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Server.Tests.Schedules;

/// <summary>
/// Two servers over one blob store, as several servers or Functions instances run: on one Azurite
/// account, and on one local folder (the server's default store). <c>If-Match</c> on
/// <c>PUT /api/schedules/{name}</c> and <c>PUT /api/uploads/{name}</c> lets exactly one of two
/// racing writers win, and two runners recording outcomes of one schedule lose none.
/// </summary>
public class SharedStoreConcurrencyTests
{
    private const int Rounds = 5;

    private static readonly object OneEmail = new { subject = "Tick", text = "Hello", recipients = new[] { new { email = "ada@example.com" } } };

    public static TheoryData<string> Stores => new() { "azure", "local" };

    private static async Task<(ServerHost First, ServerHost Second, TempDirectory? Folder)> StartTwoAsync(string store)
    {
        TempDirectory? folder = store == "local" ? new TempDirectory() : null;
        var shared = folder is null ? ServerHost.OnAzurite() : new Dictionary<string, string?> { ["Storage:LocalPath"] = folder.Combine("blobs") };
        var first = await ServerHost.StartAsync(new Dictionary<string, string?>(shared));
        var second = await ServerHost.StartAsync(new Dictionary<string, string?>(shared));
        return (first, second, folder);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, HttpContent content, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(path, UriKind.Relative)) { Content = content };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await http.SendAsync(request);
    }

    private static HttpContent Schedule(string cron) => JsonContent.Create(new { cron, jobType = "bulk-email", request = OneEmail });

    private static HttpContent Csv(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        return content;
    }

    /// <summary>Both servers PUT with the ETag both read; returns the winner's index and its new ETag.</summary>
    private static async Task<(int Winner, string ETag)> RaceAsync(HttpClient[] servers, string path, Func<int, HttpContent> body, string etag)
    {
        var responses = await Task.WhenAll(servers.Select((server, i) => Task.Run(() => SendAsync(server, path, body(i), etag))));
        try
        {
            var statuses = responses.Select(r => r.StatusCode).ToList();
            Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
            var loser = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.PreconditionFailed);
            Assert.Equal("application/problem+json", loser.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await loser.Content.ReadAsStringAsync()).RootElement;
            Assert.True(problem.GetProperty("errors").TryGetProperty("If-Match", out _), problem.ToString());
            var winner = statuses.IndexOf(HttpStatusCode.OK);
            return (winner, responses[winner].Headers.ETag!.Tag);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    /// <summary>
    /// The first server creates the resource; then, round after round, both PUT with the ETag of the
    /// last version, and the check is given the round, the winner and its ETag.
    /// </summary>
    private static async Task RaceRoundsAsync(HttpClient[] servers, string path, Func<int, int, HttpContent> body, Func<int, int, string, Task> checkStored)
    {
        string etag;
        using (var created = await SendAsync(servers[0], path, body(-1, 0), ifMatch: null))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            etag = created.Headers.ETag!.Tag;
        }

        for (var round = 0; round < Rounds; round++)
        {
            var (winner, next) = await RaceAsync(servers, path, i => body(round, i), etag);
            await checkStored(round, winner, next);
            etag = next;
        }
    }

    // Each round's crons differ by server, so the stored one tells who won.
    private static Task RaceSchedulePutsAsync(HttpClient[] servers) =>
        RaceRoundsAsync(servers, "/api/schedules/nightly", (round, i) => Schedule($"{(round + 1) * 2 + i} 2 * * *"), async (round, winner, etag) =>
        {
            // The other server shows the winner's cron under the winner's ETag.
            var stored = await servers[1 - winner].GetFromJsonAsync<JsonElement>("/api/schedules/nightly");
            Assert.Equal($"{(round + 1) * 2 + winner} 2 * * *", stored.GetProperty("cron").GetString());
            Assert.Equal(etag, stored.GetProperty("eTag").GetString());
        });

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task SchedulePut_TwoServersWithTheSameIfMatch_ExactlyOneWins_TheOtherGets412(string store)
    {
        var (first, second, folder) = await StartTwoAsync(store);
        await using (first)
        await using (second)
        using (folder)
        {
            await RaceSchedulePutsAsync([first.Http, second.Http]);
        }
    }

    [Fact]
    public async Task SchedulePut_TwoServerProcessesOnOneLocalFolder_WithTheSameIfMatch_ExactlyOneWins()
    {
        // Two processes, so the lock file's exclusive open is tested between processes, as deployed.
        using var folder = new TempDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["Engine:Kind"] = "InMemory",
            ["Storage:LocalPath"] = folder.Combine("blobs"),
            ["Email:OutboxPath"] = folder.Combine("outbox"),
        };
        using var first = await ServerProcess.StartAsync("first", settings);
        using var second = await ServerProcess.StartAsync("second", settings);

        await RaceSchedulePutsAsync([first.Http, second.Http]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task NamedUploadPut_TwoServersWithTheSameIfMatch_ExactlyOneWins_TheOtherGets412(string store)
    {
        var (first, second, folder) = await StartTwoAsync(store);
        await using (first)
        await using (second)
        using (folder)
        {
            await RaceRoundsAsync([first.Http, second.Http], "/api/uploads/crm-feed.csv", (round, i) => Csv($"email\nround{round}-server{i}@example.com\n"), async (round, winner, _) =>
            {
                await using var stored = await (winner == 0 ? second : first).Blobs.OpenReadAsync("uploads/crm-feed.csv");
                Assert.Equal($"email\nround{round}-server{winner}@example.com\n", await new StreamReader(stored!).ReadToEndAsync());
            });
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task OutcomeHistory_TwoServersRecordingOccurrencesTogether_KeepsAnOutcomeForEveryClaimedOccurrence(string store)
    {
        var (first, second, folder) = await StartTwoAsync(store);
        await using (first)
        await using (second)
        using (folder)
        {
            using (var created = await SendAsync(first.Http, "/api/schedules/hourly", JsonContent.Create(new { cron = "0 * * * *", jobType = "bulk-email", request = OneEmail, catchUp = "latest", overlap = "allow" }), ifMatch: null))
            {
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }

            // Twelve wake-ups after downtimes of one to twelve hours, half on each server, all at once:
            // each that finds its latest occurrence unclaimed starts it and records it in the one history.
            // (Within a day, so that no claim is old enough for the runners' sweep.)
            var now = DateTimeOffset.UtcNow;
            await Task.WhenAll(Enumerable.Range(1, 12).Select(hours => Task.Run(() =>
            {
                var server = hours % 2 == 0 ? first : second;
                return server.Services.GetRequiredService<ScheduleRunner>().RunDueAsync(server.Client, now.AddHours(hours).AddMinutes(1));
            })));
            var claims = new List<string>();
            await foreach (var claim in first.Blobs.ListAsync("schedules/claims/hourly/"))
            {
                claims.Add(claim["schedules/claims/hourly/".Length..]);
            }

            var schedule = await second.Http.GetFromJsonAsync<JsonElement>("/api/schedules/hourly");
            var recorded = schedule.GetProperty("outcomes").EnumerateArray()
                .Select(o => ScheduleRunner.OccurrenceText(o.GetProperty("occurrence").GetDateTimeOffset())).ToList();

            Assert.True(claims.Count > 1, $"the wake-ups did not overlap: {claims.Count} claim(s)");
            Assert.Equal(claims.Order(StringComparer.Ordinal), recorded.Order(StringComparer.Ordinal));
        }
    }
}
