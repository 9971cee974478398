using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Tests.Runtime;

/// <summary>
/// The server's <c>/runtime/webhooks/durabletask</c> routes as Microsoft's HTTP API reference
/// describes them: the status body's keys, the list with its filters and paging, purge by filter,
/// history, <c>returnInternalServerErrorOnFailure</c>, and a 400 for a query or body it cannot read.
/// </summary>
public class DurableHttpApiReferenceTests
{
    private const string Instances = "/runtime/webhooks/durabletask/instances";

    private static object Job(int recipients) => new
    {
        subject = "Hi",
        text = "Hello",
        recipients = Enumerable.Range(0, recipients).Select(i => new { email = $"r{i}@example.com" }),
        batchSize = 1,
        maxParallelBatches = 1,
    };

    [Fact]
    public async Task Status_WhileRunning_HasOutputNull_AndInputNullWhenShowInputIsFalse()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.Delay = TimeSpan.FromMilliseconds(300);
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", Job(20));

        using var hidden = await server.Http.GetAsync(new Uri(start.Headers.Location + "?showInput=false"));
        using var shown = await server.Http.GetAsync(start.Headers.Location);

        Assert.Equal(HttpStatusCode.Accepted, hidden.StatusCode);
        var withoutInput = await hidden.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(withoutInput.TryGetProperty("output", out var output), withoutInput.ToString());
        Assert.Equal(JsonValueKind.Null, output.ValueKind);
        Assert.True(withoutInput.TryGetProperty("input", out var input), withoutInput.ToString());
        Assert.Equal(JsonValueKind.Null, input.ValueKind);
        var withInput = await shown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(20, withInput.GetProperty("input").GetProperty("recipients").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, withInput.GetProperty("output").ValueKind);
    }

    public static TheoryData<string, string, string> UnreadableQueries() => new()
    {
        { "GET", "/{id}?showInput=2", "showInput" },
        { "GET", "/{id}?showHistory=yes", "showHistory" },
        { "GET", "/{id}?showHistoryOutput=1", "showHistoryOutput" },
        { "GET", "/{id}?returnInternalServerErrorOnFailure=maybe", "returnInternalServerErrorOnFailure" },
        { "GET", "?showInput=2", "showInput" },
        { "GET", "?top=0", "top" },
        { "GET", "?top=ten", "top" },
        { "GET", "?top=100000", "top" },
        { "GET", "?createdTimeFrom=yesterday", "createdTimeFrom" },
        { "GET", "?createdTimeTo=2026-13-01T00:00:00Z", "createdTimeTo" },
        { "GET", "?createdTimeFrom=2026-12-02T00:00:00Z&createdTimeTo=2026-12-01T00:00:00Z", "createdTimeTo" },
        { "GET", "?runtimeStatus=Running,Sleeping", "runtimeStatus" },
        { "GET", "?runtimeStatus=1", "runtimeStatus" },
        { "GET", "?top=5&top=6", "top" },
        { "POST", "/{id}/restart?restartWithNewInstanceId=2", "restartWithNewInstanceId" },
        { "DELETE", string.Empty, "createdTimeFrom" },
        { "DELETE", "?createdTimeFrom=soon", "createdTimeFrom" },
        { "DELETE", "?createdTimeFrom=2026-01-01T00:00:00Z&runtimeStatus=Bogus", "runtimeStatus" },
        { "DELETE", "?createdTimeFrom=2026-01-01T00:00:00Z&runtimeStatus=Running", "runtimeStatus" },
    };

    [Theory]
    [MemberData(nameof(UnreadableQueries))]
    public async Task Query_ThatCannotBeRead_Is400NamingTheParameter_AndChangesNothing(string method, string pathAndQuery, string parameter)
    {
        await using var server = await ServerHost.StartAsync();
        var job = await RunAsync(server, Job(1));
        await WaitUntilAllFinishedAsync(server);
        var before = await server.CountInstancesAsync();

        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Instances + pathAndQuery.Replace("{id}", job, StringComparison.Ordinal), UriKind.Relative));
        using var response = await server.Http.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, parameter);
        Assert.Equal(before, await server.CountInstancesAsync());
    }

    [Theory]
    [InlineData("InMemory", "not-a-token")]
    [InlineData("AzureStorage", "not-a-token")]
    [InlineData("AzureStorage", "eyJub3QiOiJvdXJzIn0=")]
    public async Task List_AContinuationTokenThatIsNotOurs_Is400NamingTheHeader(string engine, string token)
    {
        if (engine == "AzureStorage")
        {
            await AzuriteEndpoint.EnsureRunningAsync();
        }

        await using var server = await ServerHost.StartAsync(engine == "AzureStorage" ? ServerHost.OnAzurite() : null);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Instances, UriKind.Relative));
        request.Headers.Add("x-ms-continuation-token", token);

        using var response = await server.Http.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "x-ms-continuation-token");
    }

    [Fact]
    public async Task List_FiltersByStatusPrefixAndTime_AndPagesWithTheContinuationTokenHeader()
    {
        await using var server = await ServerHost.StartAsync();
        var jobs = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            jobs.Add(await RunAsync(server, Job(1)));
        }

        var expected = new List<string>();
        await foreach (var instance in server.Client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Completed] }))
        {
            expected.Add(instance.InstanceId);
        }

        // Two at a time, following the header, as the stock clients do.
        var pages = 0;
        var listed = new List<JsonElement>();
        string? token = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Instances + "?runtimeStatus=Completed&top=2&showInput=false", UriKind.Relative));
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }

            using var response = await server.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement[]>();
            Assert.True(page!.Length <= 2);
            listed.AddRange(page);
            token = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
            pages++;
        }
        while (token is not null && pages < 100);

        Assert.Equal(expected.Order(StringComparer.Ordinal), listed.Select(s => s.GetProperty("instanceId").GetString()!).Order(StringComparer.Ordinal));
        Assert.True(pages >= 3, $"{expected.Count} instances came in {pages} pages of 2");
        Assert.All(listed, s =>
        {
            Assert.Equal("Completed", s.GetProperty("runtimeStatus").GetString());
            Assert.Equal(JsonValueKind.Null, s.GetProperty("input").ValueKind);
            Assert.True(s.TryGetProperty("output", out _));
        });

        var one = await server.Http.GetFromJsonAsync<JsonElement[]>(new Uri($"{Instances}?instanceIdPrefix={jobs[2]}", UriKind.Relative));
        Assert.Contains(one!, s => s.GetProperty("instanceId").GetString() == jobs[2]);
        Assert.All(one!, s => Assert.StartsWith(jobs[2], s.GetProperty("instanceId").GetString(), StringComparison.Ordinal));
        Assert.Single(one!, s => s.GetProperty("name").GetString() == "BulkEmailOrchestrator");

        var future = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
        var none = await server.Http.GetFromJsonAsync<JsonElement[]>(new Uri($"{Instances}/?createdTimeFrom={Uri.EscapeDataString(future)}", UriKind.Relative));
        Assert.Empty(none!);
        var running = await server.Http.GetFromJsonAsync<JsonElement[]>(new Uri($"{Instances}?runtimeStatus=Running,Pending,Suspended&instanceIdPrefix={jobs[0]}", UriKind.Relative));
        Assert.Empty(running!);
    }

    [Fact]
    public async Task PurgeByFilter_DeletesTheFinishedInstancesInRange_WithTheirJobBlobs_Then404WhenNoneIsLeft()
    {
        await using var server = await ServerHost.StartAsync();
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        var first = await RunAsync(server, Job(1));
        var second = await RunAsync(server, Job(1));
        await WaitUntilAllFinishedAsync(server);
        var total = await server.CountInstancesAsync();
        Assert.True(Directory.Exists(Path.Combine(server.BlobFolder, "jobs", first)));
        var range = $"createdTimeFrom={Uri.EscapeDataString(from.ToString("O"))}&createdTimeTo={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}";

        using var failedOnly = await server.Http.DeleteAsync(new Uri($"{Instances}?{range}&runtimeStatus=Failed", UriKind.Relative));
        using var purged = await server.Http.DeleteAsync(new Uri($"{Instances}?{range}&runtimeStatus=Completed,Failed,Terminated", UriKind.Relative));
        using var again = await server.Http.DeleteAsync(new Uri($"{Instances}?{range}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, failedOnly.StatusCode);
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(total, (await purged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(0, await server.CountInstancesAsync());
        Assert.False(Directory.Exists(Path.Combine(server.BlobFolder, "jobs", first)));
        Assert.False(Directory.Exists(Path.Combine(server.BlobFolder, "jobs", second)));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task PurgeByFilter_LeavesARunningJobAlone()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.Delay = TimeSpan.FromMilliseconds(300);
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", Job(20));
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var purge = await server.Http.DeleteAsync(new Uri($"{Instances}?createdTimeFrom=2000-01-01T00:00:00Z", UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.InternalServerError, purge.StatusCode);
        var job = await server.Client.GetInstanceAsync(id);
        Assert.NotNull(job);
        Assert.False(job.IsCompleted);
        Assert.True(Directory.Exists(Path.Combine(server.BlobFolder, "jobs", id)));
    }

    [Fact]
    public async Task Status_OfAFailedJob_Is200_Or500WithTheStatusBodyWhenAskedTo()
    {
        await using var server = await ServerHost.StartAsync();
        var blob = await server.UploadAsync("just some text that claims to be a PDF"u8.ToArray(), "application/pdf");
        var job = await FinishedJob.StartAndFollowAsync(server, "/api/jobs/documents", new { blob }, "documents", TimeSpan.FromSeconds(60));
        Assert.Equal("Failed", job.RuntimeStatus);

        using var plain = await server.Http.GetAsync(new Uri($"{Instances}/{job.Id}", UriKind.Relative));
        using var asked = await server.Http.GetAsync(new Uri($"{Instances}/{job.Id}?returnInternalServerErrorOnFailure=true", UriKind.Relative));
        using var notAsked = await server.Http.GetAsync(new Uri($"{Instances}/{job.Id}?returnInternalServerErrorOnFailure=false", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, notAsked.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, asked.StatusCode);
        var body = await asked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Failed", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal(job.Id, body.GetProperty("instanceId").GetString());
        Assert.Contains("Unsupported file type", body.GetProperty("output").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_ShowHistory_OnAzureStorage_GivesTheHistoryEventsAsTheReferenceShapesThem()
    {
        await AzuriteEndpoint.EnsureRunningAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.OnAzurite());
        var id = await RunAsync(server, Job(2), TimeSpan.FromSeconds(90));

        var brief = await server.Http.GetFromJsonAsync<JsonElement>(new Uri($"{Instances}/{id}?showHistory=true", UriKind.Relative));
        var full = await server.Http.GetFromJsonAsync<JsonElement>(new Uri($"{Instances}/{id}?showHistory=true&showHistoryOutput=true", UriKind.Relative));
        var none = await server.Http.GetFromJsonAsync<JsonElement>(new Uri($"{Instances}/{id}", UriKind.Relative));

        Assert.False(none.TryGetProperty("historyEvents", out _), none.ToString());
        var events = brief.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal("ExecutionStarted", events[0].GetProperty("EventType").GetString());
        Assert.Equal("BulkEmailOrchestrator", events[0].GetProperty("FunctionName").GetString());
        Assert.Equal("ExecutionCompleted", events[^1].GetProperty("EventType").GetString());
        Assert.Equal("Completed", events[^1].GetProperty("OrchestrationStatus").GetString());
        Assert.DoesNotContain(events, e => e.GetProperty("EventType").GetString() is "OrchestratorStarted" or "OrchestratorCompleted" or "TaskScheduled");
        Assert.All(events, e => Assert.False(e.TryGetProperty("Result", out _), e.ToString()));
        var activity = events.First(e => e.GetProperty("EventType").GetString() == "TaskCompleted");
        Assert.False(string.IsNullOrEmpty(activity.GetProperty("FunctionName").GetString()));
        Assert.True(activity.TryGetProperty("ScheduledTime", out _), activity.ToString());
        Assert.Contains(events, e => e.GetProperty("EventType").GetString() == "SubOrchestrationInstanceCompleted");

        var fullEvents = full.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.True(fullEvents[^1].TryGetProperty("Result", out var result), fullEvents[^1].ToString());
        Assert.Equal(full.GetProperty("output").ToString(), result.ToString());
        Assert.Contains(fullEvents, e => e.GetProperty("EventType").GetString() == "TaskCompleted" && e.TryGetProperty("Result", out _));
    }

    [Fact]
    public async Task Status_ShowHistory_OnTheInMemoryEngine_Is501NamingShowHistory()
    {
        await using var server = await ServerHost.StartAsync();
        var id = await RunAsync(server, Job(1));

        using var response = await server.Http.GetAsync(new Uri($"{Instances}/{id}?showHistory=true", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.NotImplemented, "showHistory");
    }

    public static TheoryData<string, string?, byte[], HttpStatusCode, string> UnreadableEvents() => new()
    {
        { "a lone surrogate", "application/json", Encoding.UTF8.GetBytes("""{"a":"\ud800x"}"""), HttpStatusCode.BadRequest, "body" },
        { "a lone surrogate as a property name", "application/json", Encoding.UTF8.GetBytes("""{"\udc00":1}"""), HttpStatusCode.BadRequest, "body" },
        { "invalid UTF-8", "application/json", [(byte)'"', 0xC3, 0x28, (byte)'"'], HttpStatusCode.BadRequest, "body" },
        { "text/plain", "text/plain", Encoding.UTF8.GetBytes("\"approve\""), HttpStatusCode.UnsupportedMediaType, "Content-Type" },
        { "a latin1 charset", "application/json; charset=iso-8859-1", Encoding.Latin1.GetBytes("\"caf\u00e9\""), HttpStatusCode.UnsupportedMediaType, "Content-Type" },
        { "no content type", null, Encoding.UTF8.GetBytes("\"approve\""), HttpStatusCode.UnsupportedMediaType, "Content-Type" },
        { "not JSON", "application/json", Encoding.UTF8.GetBytes("{approve"), HttpStatusCode.BadRequest, "body" },
        { "a duplicate property", "application/json", Encoding.UTF8.GetBytes("""{"a":1,"a":2}"""), HttpStatusCode.BadRequest, "body" },
    };

    [Theory]
    [MemberData(nameof(UnreadableEvents))]
    public async Task RaiseEvent_WithABodyTheApiDoesNotRead_IsRefusedNamingTheField(string because, string? contentType, byte[] body, HttpStatusCode expected, string field)
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.Delay = TimeSpan.FromMilliseconds(300);
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", Job(20));
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);

        using var response = await server.Http.PostAsync(new Uri($"{Instances}/{id}/raiseEvent/approval", UriKind.Relative), content);

        Assert.True(expected == response.StatusCode, $"{because}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await AssertProblemAsync(response, expected, field);
    }

    [Fact]
    public async Task RaiseEvent_WithAJsonBodyOrNone_Is202()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.Delay = TimeSpan.FromMilliseconds(300);
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", Job(20));
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var raise = new Uri($"{Instances}/{id}/raiseEvent/approval", UriKind.Relative);

        using var json = await server.Http.PostAsync(raise, new StringContent("""{"approved":true,"by":"caf\u00e9"}""", Encoding.UTF8, "application/json"));
        using var empty = await server.Http.PostAsync(raise, null);

        Assert.Equal(HttpStatusCode.Accepted, json.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, empty.StatusCode);
    }

    private static async Task<string> RunAsync(ServerHost server, object body, TimeSpan? timeout = null)
    {
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", body);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        await server.FollowStatusAsync(start.Headers.Location!, timeout ?? TimeSpan.FromSeconds(30));
        return (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    // A job's notifications run as instances of their own after it ends.
    private static async Task WaitUntilAllFinishedAsync(ServerHost server) =>
        await Eventually.HoldsAsync(
            async () =>
            {
                await foreach (var instance in server.Client.GetAllInstancesAsync(new OrchestrationQuery()))
                {
                    if (!instance.IsCompleted)
                    {
                        return false;
                    }
                }

                return true;
            },
            TimeSpan.FromSeconds(30));

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {text}");
    }
}
