using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.DurableTask.Client;
using BackgroundJobs.Server.Tests;

namespace BackgroundJobs.JobTypes.Tests.Reports;

/// <summary>
/// Invalid report starts are refused with a 4xx RFC 9457 problem document that names the field, and
/// nothing is started or stored. The fixture runs a finished bulk e-mail job and a finished report
/// first (once for the class), so that a request can name a real job of the wrong kind.
/// </summary>
public class ReportBadInputTests(ReportBadInputTests.Fixture fixture) : IClassFixture<ReportBadInputTests.Fixture>
{
    private ServerHost server => fixture.Server;

    // Each placeholder is replaced by a fixture job's id, so each case breaks exactly one rule.
    public static TheoryData<string, string, string, int, string> Cases() => new()
    {
        { "malformed JSON", "application/json", "not json", 400, "body" },
        { "wrong content type", "text/plain", """{"report":"job-history"}""", 415, "Content-Type" },
        { "empty body", "application/json", "", 400, "body" },
        { "missing report", "application/json", """{"format":"csv"}""", 400, "report" },
        { "unknown report", "application/json", """{"report":"sales"}""", 400, "report" },
        { "report of the wrong type", "application/json", """{"report":42}""", 400, "report" },
        { "unknown format", "application/json", """{"report":"job-history","from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z","format":"pdf"}""", 400, "format" },
        { "format in capitals", "application/json", """{"report":"job-history","from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z","format":"CSV"}""", 400, "format" },
        { "unknown property", "application/json", """{"report":"job-history","from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z","columns":["id"]}""", 400, "columns" },
        { "job-history without from", "application/json", """{"report":"job-history","to":"2026-11-02T00:00:00Z"}""", 400, "from" },
        { "job-history without to", "application/json", """{"report":"job-history","from":"2026-11-01T00:00:00Z"}""", 400, "to" },
        { "from without a zone", "application/json", """{"report":"job-history","from":"2026-11-01T00:00:00","to":"2026-11-02T00:00:00Z"}""", 400, "from" },
        { "from that is no time", "application/json", """{"report":"job-history","from":"yesterday","to":"2026-11-02T00:00:00Z"}""", 400, "from" },
        { "to of the wrong type", "application/json", """{"report":"job-history","from":"2026-11-01T00:00:00Z","to":20261102}""", 400, "to" },
        { "from after to", "application/json", """{"report":"job-history","from":"2026-11-03T00:00:00Z","to":"2026-11-02T00:00:00Z"}""", 400, "from" },
        { "from equal to to", "application/json", """{"report":"job-history","from":"2026-11-02T00:00:00Z","to":"2026-11-02T00:00:00Z"}""", 400, "from" },
        { "a range longer than 92 days", "application/json", """{"report":"job-history","from":"2026-01-01T00:00:00Z","to":"2026-04-03T00:00:01Z"}""", 400, "to" },
        { "last that is no duration", "application/json", """{"report":"job-history","last":"1 day"}""", 400, "last" },
        { "last of zero", "application/json", """{"report":"job-history","last":"PT0S"}""", 400, "last" },
        { "last longer than 92 days", "application/json", """{"report":"job-history","last":"P93D"}""", 400, "last" },
        { "last with from and to", "application/json", """{"report":"job-history","last":"P1D","from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z"}""", 400, "last" },
        { "last on email-delivery", "application/json", """{"report":"email-delivery","jobId":"{bulkJob}","last":"P1D"}""", 400, "last" },
        { "jobId on job-history", "application/json", """{"report":"job-history","from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z","jobId":"{bulkJob}"}""", 400, "jobId" },
        { "email-delivery without jobId", "application/json", """{"report":"email-delivery"}""", 400, "jobId" },
        { "email-delivery of an unknown job", "application/json", """{"report":"email-delivery","jobId":"0123456789abcdef"}""", 400, "jobId" },
        { "email-delivery with path traversal in jobId", "application/json", """{"report":"email-delivery","jobId":"../../uploads"}""", 400, "jobId" },
        { "email-delivery of a job that is no bulk e-mail", "application/json", """{"report":"email-delivery","jobId":"{reportJob}"}""", 400, "jobId" },
        { "email-delivery with a time range", "application/json", """{"report":"email-delivery","jobId":"{bulkJob}","from":"2026-11-01T00:00:00Z"}""", 400, "from" },
        { "the run from the client", "application/json", """{"report":"email-delivery","jobId":"{bulkJob}","bulkEmailRun":"abc"}""", 400, "bulkEmailRun" },
        { "callback on a server that cannot sign", "application/json", """{"report":"email-delivery","jobId":"{bulkJob}","callback":{"url":"https://example.com/hook"}}""", 400, "callback" },
        { "invalid notifyEmail", "application/json", """{"report":"email-delivery","jobId":"{bulkJob}","notifyEmail":"not an address"}""", 400, "notifyEmail" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task StartReport_InvalidRequest_Is4xxProblemNamingTheField_AndNothingIsStartedOrStored(string because, string contentType, string body, int expectedStatus, string field)
    {
        foreach (var (placeholder, id) in fixture.Jobs)
        {
            body = body.Replace(placeholder, id, StringComparison.Ordinal);
        }

        await server.AssertRefusedAsync("/api/jobs/reports", contentType, body, expectedStatus, field, because);
    }

    /// <summary>A server with a finished bulk e-mail job and a finished report, all their notifications ended.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private SendGridStandIn sendGrid = null!;

        public ServerHost Server { get; private set; } = null!;

        public Dictionary<string, string> Jobs { get; } = [];

        public async Task InitializeAsync()
        {
            sendGrid = await SendGridStandIn.StartAsync();
            Server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
            Jobs["{bulkJob}"] = await ReportStarts.RunAsync(Server, "/api/jobs/bulk-email", new { subject = "Hi", text = "Hi", recipients = new[] { new { email = "ada@example.com" } } });
            Jobs["{reportJob}"] = await ReportStarts.RunAsync(Server, "/api/jobs/reports", new { report = "email-delivery", jobId = Jobs["{bulkJob}"] });

            // The jobs' notifications run after them and write their events; wait, so that no blob appears during a case.
            await Eventually.HoldsAsync(
                async () => (await ReportStarts.InstancesAsync(Server)).All(i => i.IsCompleted),
                TimeSpan.FromSeconds(30));
        }

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            await sendGrid.DisposeAsync();
        }
    }
}

/// <summary>Report starts that name a job still running, and a valid start.</summary>
public class ReportStartTests : IAsyncLifetime
{
    private SendGridStandIn sendGrid = null!;
    private ServerHost server = null!;

    public async Task InitializeAsync()
    {
        sendGrid = await SendGridStandIn.StartAsync();
        server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await sendGrid.DisposeAsync();
    }

    [Fact]
    public async Task StartReport_EmailDeliveryOfABulkEmailStillSending_Is409NamingJobId_AndNoReportStarts()
    {
        sendGrid.OutageStatus = 429;
        var running = await ReportStarts.StartAsync(server, "/api/jobs/bulk-email", new { subject = "Hi", text = "Hi", recipients = new[] { new { email = "grace@example.com" } } });
        await Eventually.HoldsAsync(async () => (await server.Client.GetInstanceAsync(running))?.RuntimeStatus == OrchestrationRuntimeStatus.Running, TimeSpan.FromSeconds(30));

        using var response = await server.PostJsonAsync("/api/jobs/reports", new { report = "email-delivery", jobId = running });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("jobId", out _), problem.ToString());
        var reports = (await ReportStarts.InstancesAsync(server)).Count(i => i.Name == "ReportOrchestrator");
        Assert.Equal(0, reports);
        await server.Client.TerminateInstanceAsync(running);
    }

    [Fact]
    public async Task StartReport_ValidJobHistoryRequest_IsAccepted()
    {
        using var response = await server.PostJsonAsync("/api/jobs/reports", new { report = "job-history", from = "2026-11-01T00:00:00Z", to = "2026-11-02T00:00:00+01:00", format = "xlsx" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}

/// <summary>Starts a job over HTTP; <c>RunAsync</c> also follows it until it has completed.</summary>
internal static class ReportStarts
{
    public static async Task<List<OrchestrationMetadata>> InstancesAsync(ServerHost server)
    {
        var instances = new List<OrchestrationMetadata>();
        await foreach (var instance in server.Client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            instances.Add(instance);
        }

        return instances;
    }

    public static async Task<string> StartAsync(ServerHost server, string path, object body)
    {
        using var start = await server.PostJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        return (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public static async Task<string> RunAsync(ServerHost server, string path, object body)
    {
        using var start = await server.PostJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var status = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(60));
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        return (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
