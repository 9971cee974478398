using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackgroundJobs.Server.Tests;
using BackgroundJobs.StandIns;

namespace BackgroundJobs.JobTypes.Tests.Reports;

/// <summary>
/// Reports on a schedule, through the real HTTP API on the server's in-memory engine: the reports
/// validator checks the request when the schedule is saved, and <c>/trigger</c> starts a report job
/// that runs to the end and writes its file, as <c>POST /api/jobs/reports</c> would.
/// </summary>
public class ReportScheduleTests
{
    private static readonly object ThreeRecipients = new
    {
        subject = "Hi",
        text = "Hi",
        recipients = new[] { new { email = "ada@example.com" }, new { email = "grace@example.com" }, new { email = "ken@example.com" } },
        batchSize = 2,
    };

    [Fact]
    public async Task JobHistorySchedule_TriggeredNow_StartsAReportJob_ThatCompletesWithAFileListingTheJob()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        var bulkJob = await RunBulkEmailAsync(server);

        using (var saved = await PutAsync(server, "hourly-history", new
        {
            cron = "0 * * * *",
            jobType = "reports",
            request = new { report = "job-history", from = from.ToString("O", CultureInfo.InvariantCulture), to = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture) },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        }

        var view = await TriggerAndFollowAsync(server, "hourly-history");

        Assert.Equal("reports", view.GetProperty("type").GetString());
        Assert.Equal("completed", view.GetProperty("status").GetString());
        var rows = ReportJob.ParseCsv(await DownloadAsync(server, view, "/job-history.csv"));
        var bulk = Assert.Single(rows, r => r["id"] == bulkJob);
        Assert.Equal(("bulk-email", "completed"), (bulk["type"], bulk["status"]));
    }

    [Fact]
    public async Task JobHistorySchedule_WithLast_ReportsOnThePeriodJustPast_AtEachRun()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        var bulkJob = await RunBulkEmailAsync(server);
        foreach (var (name, last) in new[] { ("last-ten-minutes", "PT10M"), ("last-two-seconds", "PT2S") })
        {
            using var saved = await PutAsync(server, name, new { cron = "0 * * * *", jobType = "reports", request = new { report = "job-history", last } });
            Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        }

        var tenMinutes = await TriggerAndFollowAsync(server, "last-ten-minutes");
        Assert.Contains(ReportJob.ParseCsv(await DownloadAsync(server, tenMinutes, "/job-history.csv")), r => r["id"] == bulkJob);

        // The range is fixed when the job runs, not when the schedule was saved: two seconds later,
        // the bulk e-mail job is older than the period.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var twoSeconds = await TriggerAndFollowAsync(server, "last-two-seconds");
        Assert.Equal("completed", twoSeconds.GetProperty("status").GetString());
        Assert.DoesNotContain(ReportJob.ParseCsv(await DownloadAsync(server, twoSeconds, "/job-history.csv")), r => r["id"] == bulkJob);
    }

    [Fact]
    public async Task EmailDeliverySchedule_EachRunReadsTheRunTheValidatorFound_AndListsEveryRecipient()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        var bulkJob = await RunBulkEmailAsync(server);

        using (var saved = await PutAsync(server, "delivery", new { cron = "0 6 * * *", jobType = "reports", request = new { report = "email-delivery", jobId = bulkJob, format = "csv" } }))
        {
            Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        }

        var view = await TriggerAndFollowAsync(server, "delivery");

        Assert.Equal("completed", view.GetProperty("status").GetString());
        var rows = ReportJob.ParseCsv(await DownloadAsync(server, view, "/email-delivery.csv"));
        Assert.Equal(["ada@example.com", "grace@example.com", "ken@example.com"], rows.Select(r => r["email"]));
        Assert.All(rows, r => Assert.Equal("sent", r["status"]));
    }

    [Theory]
    [InlineData("an unknown report", """{"report":"sales"}""", "request.report")]
    [InlineData("job-history without its range", """{"report":"job-history"}""", "request.from")]
    [InlineData("email-delivery of a job that does not exist", """{"report":"email-delivery","jobId":"0123456789abcdef"}""", "request.jobId")]
    [InlineData("the run from the client", """{"report":"email-delivery","jobId":"0123456789abcdef","bulkEmailRun":"abc"}""", "request.bulkEmailRun")]
    public async Task PutSchedule_AReportRequestTheValidatorRefuses_Is400NamingTheField_AndNothingIsStored(string because, string request, string field)
    {
        await using var server = await ServerHost.StartAsync();
        using var body = JsonDocument.Parse(request);

        using var response = await PutAsync(server, "bad-report", new { cron = "0 6 * * *", jobType = "reports", request = body.RootElement });

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{because}: {response.StatusCode}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{because}: {problem}");
        using var stored = await server.Http.GetAsync(new Uri("/api/schedules/bad-report", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
        Assert.Equal(0, await server.CountInstancesAsync());
    }

    private static async Task<string> RunBulkEmailAsync(ServerHost server)
    {
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", ThreeRecipients);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var status = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(60));
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        return status.GetProperty("instanceId").GetString()!;
    }

    private static async Task<HttpResponseMessage> PutAsync(ServerHost server, string name, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/schedules/{name}", UriKind.Relative)) { Content = JsonContent.Create(body) };
        return await server.Http.SendAsync(request);
    }

    /// <summary>Runs the schedule now, expects it to have started a job, and follows that job's view until it ends.</summary>
    private static async Task<JsonElement> TriggerAndFollowAsync(ServerHost server, string name)
    {
        using var triggered = await server.Http.PostAsync(new Uri($"/api/schedules/{name}/trigger", UriKind.Relative), null);
        var outcome = await triggered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(triggered.StatusCode == HttpStatusCode.Accepted, outcome.ToString());
        Assert.True(outcome.GetProperty("outcome").GetString() == "started", outcome.ToString());
        var jobId = outcome.GetProperty("jobId").GetString()!;
        Assert.StartsWith($"schedule-{name}-", jobId, StringComparison.Ordinal);

        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var view = await server.Http.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}");
            if (view.GetProperty("status").GetString() is "completed" or "failed" or "canceled")
            {
                return view;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"job {jobId} still {view.GetProperty("status")} after 60 s");
            await Task.Delay(200);
        }
    }

    private static async Task<byte[]> DownloadAsync(ServerHost server, JsonElement view, string nameEnding)
    {
        var file = Assert.Single(view.GetProperty("files").EnumerateArray());
        Assert.EndsWith(nameEnding, file.GetProperty("name").GetString()!, StringComparison.Ordinal);
        return await server.Http.GetByteArrayAsync(new Uri(file.GetProperty("url").GetString()!));
    }
}
