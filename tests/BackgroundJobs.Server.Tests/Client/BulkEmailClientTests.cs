using BackgroundJobs.StandIns;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using BackgroundJobs.Client;
using BackgroundJobs.Client.Jobs;
using BackgroundJobs.Client.Requests;
using BackgroundJobs.TestHelpers;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Server.Tests.Client;

/// <summary>Bulk e-mail end to end through <see cref="BackgroundJobsClient"/> against the real server on Kestrel.</summary>
public sealed class BulkEmailClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static BulkEmailJobRequest Inline(int count) => new()
    {
        Subject = "Hello {{name}}",
        Text = "Hi {{name}}",
        Recipients = Enumerable.Range(0, count).Select(i => new EmailRecipient($"r{i}@example.com", $"R{i}")).ToList(),
        BatchSize = 1,
    };

    [Fact]
    public async Task UploadStartAndWait_CompletesWithTheResult_AndTheSameIdempotencyKeyReturnsTheSameJob()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var env = await ClientAndServer.StartAsync(ServerHost.WithSendGrid(sendGrid));
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes("email,name,plan\nada@example.com,Ada,gold\ngrace@example.com,Grace,silver\n"));
        using var timeout = new CancellationTokenSource(Timeout);

        var uploaded = await env.Jobs.UploadAsync(csv, "text/csv", timeout.Token);
        var request = new BulkEmailJobRequest { Subject = "Your {{plan}} plan", Html = "<p>Hello {{name}}</p>", RecipientsBlob = uploaded.Name };
        var accepted = await env.Jobs.StartBulkEmailAsync(request, "newsletter-2026-11", timeout.Token);
        var again = await env.Jobs.StartBulkEmailAsync(request, "newsletter-2026-11", timeout.Token);
        var job = await env.Jobs.WaitForCompletionAsync(accepted, timeout.Token);

        Assert.StartsWith("uploads/", uploaded.Name, StringComparison.Ordinal);
        Assert.Equal(("bulk-email", TimeSpan.FromSeconds(2)), (accepted.Type, accepted.RetryAfter));
        Assert.EndsWith($"/api/jobs/{accepted.Id}", accepted.JobUri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(accepted.Id, again.Id);
        Assert.Equal((JobStatus.Completed, "bulk-email"), (job.Status, job.Type));
        Assert.Equal(new SentCounts(2, 2, 0), job.ResultAs<SentCounts>());
        Assert.Equal(100, job.Progress!.Percent);
        Assert.Equal(2, sendGrid.AcceptedRecipients.Count);
        Assert.Equal(1, sendGrid.CountOf("ada@example.com"));
        Assert.Equal("gold", sendGrid.AcceptedMessages.Single(m => m.Email == "ada@example.com").Substitutions["{{plan}}"]);
    }

    [Fact]
    public async Task Start_TheSameIdempotencyKeyWithAnotherBody_Throws422NamingTheHeader()
    {
        await using var env = await ClientAndServer.StartAsync();
        await env.Jobs.StartBulkEmailAsync(Inline(1), "key-1");

        var refused = await Assert.ThrowsAsync<BackgroundJobsApiException>(() => env.Jobs.StartBulkEmailAsync(Inline(2), "key-1"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal("Idempotency key reused.", refused.Title);
        Assert.Contains("Idempotency-Key", refused.Errors.Keys);
        Assert.Equal(1, await env.Server.CountInstancesAsync(jobsOnly: true));
    }

    [Fact]
    public async Task Start_WithABadAddressAndBatchSize_Throws400WithEachFieldError_AndStartsNothing()
    {
        await using var env = await ClientAndServer.StartAsync();
        var request = Inline(2) with
        {
            Recipients = [new EmailRecipient("ok@example.com"), new EmailRecipient("not-an-address")],
            BatchSize = 0,
        };

        var refused = await Assert.ThrowsAsync<BackgroundJobsApiException>(() => env.Jobs.StartBulkEmailAsync(request));
        var page = await env.Jobs.ListJobsAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("The request is not valid.", refused.Title);
        Assert.Contains("recipients[1].email", refused.Errors.Keys);
        Assert.Contains("batchSize", refused.Errors.Keys);
        Assert.Contains("between 1 and", refused.Errors["batchSize"][0], StringComparison.Ordinal);
        Assert.Contains("recipients[1].email", refused.Message, StringComparison.Ordinal);
        Assert.Empty(page.Items);
        Assert.Equal(0, await env.Server.CountInstancesAsync());
    }

    [Fact]
    public async Task GenericStart_OfARegisteredType_RunsIt_AndAnUnknownTypeIs404NamingTheKnownOnes()
    {
        await using var env = await ClientAndServer.StartAsync();
        using var timeout = new CancellationTokenSource(Timeout);

        var accepted = await env.Jobs.StartAsync("bulk-email", new { subject = "Hi", text = "Hello", recipients = new[] { new { email = "a@example.com" } } }, cancellationToken: timeout.Token);
        var job = await env.Jobs.WaitForCompletionAsync(accepted.Id, timeout.Token);
        var unknown = await Assert.ThrowsAsync<BackgroundJobsApiException>(() => env.Jobs.StartAsync("no-such-type", new { }));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Single(Directory.GetFiles(env.Server.OutboxFolder, "*.eml", SearchOption.AllDirectories));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("bulk-email", unknown.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEvents_FollowsTheJobsProgressToItsEnding_ThenEnds()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.Delay = TimeSpan.FromMilliseconds(150);
        await using var env = await ClientAndServer.StartAsync(ServerHost.WithSendGrid(sendGrid));
        using var timeout = new CancellationTokenSource(Timeout);
        var accepted = await env.Jobs.StartBulkEmailAsync(Inline(10), cancellationToken: timeout.Token);

        var events = new List<JobEvent>();
        await foreach (var jobEvent in env.Jobs.GetEventsAsync(accepted.Id, timeout.Token))
        {
            events.Add(jobEvent);
        }

        var ending = events[^1];
        Assert.Equal((JobEventTypes.Completed, JobStatus.Completed), (ending.Type, ending.Data.Status));
        Assert.Equal(10, ending.Data.Result!.Value.GetProperty("sent").GetInt32());
        Assert.Contains(events, e => e.Type == JobEventTypes.Progress && e.Data.Progress is not null);
        Assert.All(events, e => Assert.Equal(accepted.Id, e.Data.JobId));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.Single(events, e => e.IsEnding);
    }

    [Fact]
    public async Task Errors_AnUnknownJobIs404_AWrongKeyIs401_AndTheEventsOfAnUnknownJob404()
    {
        await using var env = await ClientAndServer.StartAsync();
        await using var wrongKey = ClientAndServer.ClientServices(env.Server.BaseAddress, "not-the-key");

        var unknown = await Assert.ThrowsAsync<BackgroundJobsApiException>(() => env.Jobs.GetJobAsync("no-such-job"));
        var refused = await Assert.ThrowsAsync<BackgroundJobsApiException>(() => wrongKey.GetRequiredService<BackgroundJobsClient>().ListJobsAsync());
        var noEvents = await Assert.ThrowsAsync<BackgroundJobsApiException>(async () =>
        {
            await foreach (var unused in env.Jobs.GetEventsAsync("no-such-job"))
            {
            }
        });

        Assert.Equal((HttpStatusCode.NotFound, "Not found."), (unknown.Status, unknown.Title));
        Assert.Contains("no-such-job", unknown.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal(HttpStatusCode.NotFound, noEvents.Status);
    }

    [Fact]
    public async Task WaitForCompletion_A503WithRetryAfter_IsWaitedOut_ThenTheFinishedJobIsReturned()
    {
        await using var server = await ServerHost.StartAsync();
        var unavailable = new UnavailableOnce(TimeSpan.FromSeconds(2));
        var services = new ServiceCollection();
        services.AddBackgroundJobsClient(o => (o.BaseAddress, o.ApiKey, o.InitialPollInterval) = (server.BaseAddress, ServerHost.ApiKey, TimeSpan.FromMilliseconds(50)))
            .AddHttpMessageHandler(() => unavailable);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<BackgroundJobsClient>();
        using var timeout = new CancellationTokenSource(Timeout);
        var accepted = await client.StartBulkEmailAsync(Inline(1), cancellationToken: timeout.Token);
        await server.Client.WaitForInstanceCompletionAsync(accepted.Id, timeout.Token);

        var clock = Stopwatch.StartNew();
        var job = await client.WaitForCompletionAsync(accepted.Id, timeout.Token);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.True(unavailable.Answered503);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"returned after {clock.Elapsed}, before the 2 s Retry-After");
    }

    /// <summary>The part of a bulk e-mail's result an application reads, in its own record.</summary>
    private sealed record SentCounts(int Recipients, int Sent, int Failed);

    /// <summary>A proxy in front of the server that is unavailable for the first job read, asking the client to come back later.</summary>
    private sealed class UnavailableOnce(TimeSpan retryAfter) : DelegatingHandler
    {
        public bool Answered503 { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Answered503 || request.Method != HttpMethod.Get)
            {
                return base.SendAsync(request, cancellationToken);
            }

            Answered503 = true;
            var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request };
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(retryAfter);
            return Task.FromResult(response);
        }
    }
}
