using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using BackgroundJobs.Api.Monitoring;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Telemetry;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace BackgroundJobs.Server.Tests.Telemetry;

/// <summary>
/// Real jobs on the server's engine with the telemetry pipeline exported in memory: one trace from
/// the HTTP start to the webhook's POST, and the job counters, duration and queue gauges by type.
/// The counters are process-wide, so these tests run alone (<see cref="TelemetryCollection"/>).
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class JobTelemetryTests : IAsyncLifetime
{
    private const string DurableTaskSource = "DurableTask.Core";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TelemetryCapture telemetry = new();
    private readonly ScopedLogCapture logs = new();
    private SendGridStandIn sendGrid = null!;
    private WebhookReceiver receiver = null!;
    private ServerHost? server;

    public async Task InitializeAsync()
    {
        sendGrid = await SendGridStandIn.StartAsync();
        receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        await receiver.DisposeAsync();
        await sendGrid.DisposeAsync();
    }

    /// <remarks>On Azure Storage the context travels serialized in the task hub's messages and history, not in memory.</remarks>
    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task BulkEmailWithCallback_OneTraceRunsFromTheHttpStartThroughOrchestrationAndActivitiesToTheWebhookPost(string engine)
    {
        await StartServerAsync(engine);
        var jobId = await StartBulkEmailAsync(batchSize: 500);
        var webhook = (await receiver.WaitForAsync(1, Timeout))[0];
        var attempt = await WaitForSpanAsync(s => IsDurableSpan(s, "activity:AttemptWebhookDeliveryActivity", ActivityKind.Server));
        await WaitForSpanAsync(s => IsDurableSpan(s, "orchestration:BulkEmailOrchestrator", ActivityKind.Server));

        // A scheduling (client) span ends when its orchestrator takes in the result, an episode after
        // the activity ran; the notification orchestration, which ends last, has taken in all of them.
        await WaitForSpanAsync(s => IsDurableSpan(s, "orchestration:JobNotificationOrchestrator", ActivityKind.Server) && Tag(s, "durabletask.task.instance_id")!.StartsWith(jobId, StringComparison.Ordinal));
        var spans = telemetry.Spans;

        var httpStart = Assert.Single(spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server && Tag(s, "url.path") == "/api/jobs/bulk-email");
        var trace = spans.Where(s => s.TraceId == httpStart.TraceId).ToList();
        var jobStart = Assert.Single(trace, s => s.Source.Name == "BackgroundJobs" && s.DisplayName == "job.start");
        Assert.Equal((httpStart.SpanId, jobId, "bulk-email"), (jobStart.ParentSpanId, Tag(jobStart, "job.id"), Tag(jobStart, "job.type")));
        var orchestration = Assert.Single(trace, s => IsDurableSpan(s, "orchestration:BulkEmailOrchestrator", ActivityKind.Server));
        Assert.Equal(jobStart.SpanId, orchestration.ParentSpanId);

        // Every activity of the job and of its notification, each under the engine's span that scheduled it.
        // (Everyone was sent, so there is no not-sent.csv and no CompleteBulkEmailActivity to write it.)
        string[] activities = ["PrepareEmailBatchesActivity", "SendEmailBatchActivity", "PrepareJobNotificationActivity", "AttemptWebhookDeliveryActivity"];
        foreach (var name in activities)
        {
            var run = Assert.Single(trace, s => IsDurableSpan(s, $"activity:{name}", ActivityKind.Server));
            var scheduled = Assert.Single(trace, s => s.SpanId == run.ParentSpanId);
            Assert.Equal(($"activity:{name}", ActivityKind.Client), (scheduled.DisplayName, scheduled.Kind));
            Assert.Equal(jobId, Tag(run, "job.id"));
        }

        Assert.Contains(trace, s => IsDurableSpan(s, "orchestration:JobNotificationOrchestrator", ActivityKind.Server));
        Assert.Contains(trace, s => IsDurableSpan(s, "orchestration:WebhookDeliveryOrchestrator", ActivityKind.Server));
        Assert.Equal(httpStart.TraceId, attempt.TraceId);
        var post = Assert.Single(trace, s => s.Source.Name == "System.Net.Http" && s.Kind == ActivityKind.Client && Tag(s, "url.full") == receiver.Url);
        Assert.Equal(attempt.SpanId, post.ParentSpanId);
        Assert.Equal($"00-{httpStart.TraceId}-{post.SpanId}-01", webhook.Headers["traceparent"]);
        Assert.DoesNotContain(spans, s => s.Source.Name == DurableTaskSource && Tag(s, "durabletask.task.instance_id")!.StartsWith(jobId, StringComparison.Ordinal) && s.TraceId != httpStart.TraceId);
    }

    [Fact]
    public async Task BulkEmailCompletes_CountsOneStartAndOneCompletion_AndItsDuration_UnderItsJobType()
    {
        await StartServerAsync("InMemory");
        var jobId = await StartBulkEmailAsync(batchSize: 1);
        await WaitForJobAsync(jobId, "completed");

        Assert.Equal(1, Sum(JobMetrics.StartedName));
        Assert.Equal(1, Sum(JobMetrics.CompletedName));
        Assert.Equal(0, Sum(JobMetrics.FailedName));
        var duration = Assert.Single(telemetry.CollectMetrics(JobMetrics.DurationName), p => Tag(p, "job.type") == "bulk-email");
        Assert.Equal((1L, "completed"), (duration.GetHistogramCount(), Tag(duration, "job.status")));
        Assert.InRange(duration.GetHistogramSum(), 0.0, Timeout.TotalSeconds);
    }

    [Fact]
    public async Task BulkEmailFails_CountsOneFailure_ThoughItsOrchestratorReplaysOnEveryEpisode()
    {
        await StartServerAsync("InMemory");
        // Two batches rejected for good: the job fails with no recipient sent, after episodes for the
        // preparation and the chunks, each replaying the orchestrator from the start. (That a replayed
        // ending is not counted again is proven with a mocked context in Core.Tests' JobOrchestratorMetricsTests.)
        sendGrid.FailNextRequests(2, 400);
        var jobId = await StartBulkEmailAsync(batchSize: 1);
        await WaitForJobAsync(jobId, "failed");
        await receiver.WaitForAsync(1, Timeout);

        Assert.Equal(1, Sum(JobMetrics.FailedName));
        Assert.Equal(0, Sum(JobMetrics.CompletedName));
        var duration = Assert.Single(telemetry.CollectMetrics(JobMetrics.DurationName), p => Tag(p, "job.type") == "bulk-email");
        Assert.Equal((1L, "failed"), (duration.GetHistogramCount(), Tag(duration, "job.status")));
    }

    [Fact]
    public async Task BatchRejected_TheAdaptersLogLine_CarriesTheJobIdInItsScope()
    {
        await StartServerAsync("InMemory");
        sendGrid.FailNextRequests(2, 400);
        var jobId = await StartBulkEmailAsync(batchSize: 1);
        await WaitForJobAsync(jobId, "failed");

        // "Batch {BatchId}: SendGrid rejected it": the SendGrid adapter knows only the batch, so the job comes from the activity's scope.
        var rejected = logs.Entries.Where(e => e.Id.Id == 2102).ToList();
        Assert.Equal(2, rejected.Count);
        Assert.All(rejected, e => Assert.Equal(jobId, e.JobId));
    }

    [Fact]
    public async Task JobScheduledForLater_IsCountedPendingByTheQueueGauges()
    {
        await StartServerAsync("InMemory");
        Assert.Equal(0, Assert.Single(telemetry.CollectMetrics(PendingJobGauges.QueueDepthName)).GetGaugeLastValueLong());
        var input = new BulkEmailRequest { Subject = "Hi", Text = "Hello", Recipients = [new EmailRecipient("a@example.com")] };
        await server!.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(BulkEmailOrchestrator), input, new StartOrchestrationOptions { StartAt = DateTimeOffset.UtcNow.AddHours(1) });

        // The first reading was cached; the gauges count again once the cache has aged.
        await Task.Delay(PendingJobsFromClient.CacheFor + TimeSpan.FromMilliseconds(200));

        Assert.Equal(1, Assert.Single(telemetry.CollectMetrics(PendingJobGauges.QueueDepthName)).GetGaugeLastValueLong());
        Assert.InRange(Assert.Single(telemetry.CollectMetrics(PendingJobGauges.OldestPendingAgeName)).GetGaugeLastValueDouble(), 0.0, 30.0);
    }

    private async Task StartServerAsync(string engine)
    {
        var settings = ServerHost.WithSendGrid(sendGrid, engine == "AzureStorage" ? ServerHost.OnAzurite() : null);
        settings["Webhooks:SigningSecret"] = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["Webhooks:AllowHttp"] = "true";
        settings["Webhooks:AllowPrivateNetworks"] = "true";
        settings["Webhooks:RetryDelays:0"] = "00:00:00.2";
        server = await ServerHost.StartAsync(settings, builder =>
        {
            telemetry.Configure(builder);
            builder.Logging.AddProvider(logs);
        });
        telemetry.Attach(server);
    }

    private async Task<string> StartBulkEmailAsync(int batchSize)
    {
        using var start = await server!.PostJsonAsync("/api/jobs/bulk-email", new
        {
            subject = "Hi",
            text = "Hello",
            batchSize,
            recipients = new[] { new { email = "a@example.com" }, new { email = "b@example.com" } },
            callback = new { url = receiver.Url },
        });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        using var body = JsonDocument.Parse(await start.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    private async Task WaitForJobAsync(string jobId, string status)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            using var response = await server!.Http.GetAsync(new Uri($"/api/jobs/{jobId}", UriKind.Relative));
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (json.RootElement.GetProperty("status").GetString() == status)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} is not {status}: {json.RootElement}");
            await Task.Delay(100);
        }
    }

    private async Task<Activity> WaitForSpanAsync(Func<Activity, bool> match)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            if (telemetry.Spans.FirstOrDefault(match) is { } span)
            {
                return span;
            }

            Assert.True(DateTime.UtcNow < deadline, "the span did not end in time");
            await Task.Delay(100);
        }
    }

    private long Sum(string name) =>
        telemetry.CollectMetrics(name).Where(p => Tag(p, "job.type") == "bulk-email").Sum(p => p.GetSumLong());

    private static bool IsDurableSpan(Activity span, string name, ActivityKind kind) =>
        span.Source.Name == DurableTaskSource && span.DisplayName == name && span.Kind == kind;

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }
}

[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;
