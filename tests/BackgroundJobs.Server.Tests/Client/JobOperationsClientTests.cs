using BackgroundJobs.StandIns;
using System.Net;
using System.Text;
using BackgroundJobs.Client;
using BackgroundJobs.Client.Jobs;
using BackgroundJobs.Client.Requests;
using BackgroundJobs.Server.Tests.Jobs;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Server.Tests.Client;

/// <summary>Operating bulk e-mail jobs through <see cref="BackgroundJobsClient"/>: cancel, retry, paging, result download and purge.</summary>
public sealed class JobOperationsClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Cancel_ARunningBulkEmail_StopsIt_WithWhoAndWhy_AndASecondCancelIs409()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.Delay = TimeSpan.FromMilliseconds(200);
        await using var env = await ClientAndServer.StartAsync(ServerHost.WithSendGrid(sendGrid));
        using var timeout = new CancellationTokenSource(Timeout);
        var request = new BulkEmailJobRequest
        {
            Subject = "Hi",
            Text = "Hello",
            Recipients = Enumerable.Range(0, 50).Select(i => new EmailRecipient($"c{i}@example.com")).ToList(),
            BatchSize = 1,
            MaxParallelBatches = 1,
        };
        var accepted = await env.Jobs.StartBulkEmailAsync(request, cancellationToken: timeout.Token);
        await Eventually.HoldsAsync(() => sendGrid.AcceptedRequests >= 2, TimeSpan.FromSeconds(60));

        var canceled = await env.Jobs.CancelAsync(accepted.Id, "wrong list", "ops@example.com", timeout.Token);
        var job = await env.Jobs.WaitForCompletionAsync(accepted, timeout.Token);
        var again = await Assert.ThrowsAsync<BackgroundJobsApiException>(() => env.Jobs.CancelAsync(accepted.Id));

        Assert.Equal((JobStatus.Canceled, "wrong list", "ops@example.com"), (canceled.Status, canceled.Reason, canceled.RequestedBy));
        Assert.Equal(JobStatus.Canceled, job.Status);
        Assert.Equal("wrong list", job.Error!.Message);
        Assert.True(sendGrid.AcceptedRequests < 50, $"{sendGrid.AcceptedRequests} batches were sent");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("The job has already finished.", again.Title);
    }

    [Fact]
    public async Task Retry_AFailedJob_StartsOneLinkedJob_ACompletedJobIs409_AndBulkRetrySkipsRetriesUnlessAsked()
    {
        await using var env = await ClientAndServer.StartAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        using var invalidOnly = new MemoryStream(Encoding.UTF8.GetBytes("email\nnot-an-address\n"));
        var csv = await env.Jobs.UploadAsync(invalidOnly, "text/csv", timeout.Token);
        var failing = await env.Jobs.StartBulkEmailAsync(new BulkEmailJobRequest { Subject = "Hi", Text = "Hello", RecipientsBlob = csv.Name }, cancellationToken: timeout.Token);
        var completing = await env.Jobs.StartBulkEmailAsync(new BulkEmailJobRequest { Subject = "Hi", Text = "Hello", Recipients = [new EmailRecipient("a@example.com")] }, cancellationToken: timeout.Token);
        var failed = await env.Jobs.WaitForCompletionAsync(failing, timeout.Token);
        await env.Jobs.WaitForCompletionAsync(completing, timeout.Token);

        var retried = await env.Jobs.RetryAsync(failing.Id, timeout.Token);
        var retriedAgain = await env.Jobs.RetryAsync(failing.Id, timeout.Token);
        var retry = await env.Jobs.WaitForCompletionAsync(retried.NewId, timeout.Token);
        var original = await env.Jobs.GetJobAsync(failing.Id, timeout.Token);
        var notRetryable = await Assert.ThrowsAsync<BackgroundJobsApiException>(() => env.Jobs.RetryAsync(completing.Id));
        var skipped = await env.Jobs.RetryFailedAsync(new BulkRetryFilter { Type = "bulk-email" }, timeout.Token);
        var included = await env.Jobs.RetryFailedAsync(new BulkRetryFilter { Type = "bulk-email", IncludeRetried = true }, timeout.Token);

        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Contains("No recipient was sent", failed.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(failing.Id, retried.Id);
        Assert.NotEqual(failing.Id, retried.NewId);
        Assert.Equal(retried.NewId, retriedAgain.NewId);
        Assert.EndsWith($"/api/jobs/{retried.NewId}", retried.NewJobUri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal((JobStatus.Failed, failing.Id), (retry.Status, retry.RetryOf));
        Assert.Equal(retried.NewId, original.RetriedBy);
        Assert.Equal(HttpStatusCode.Conflict, notRetryable.Status);
        Assert.Equal(0, skipped.Count);
        Assert.Equal(retried.NewId, Assert.Single(included.Retried).Id);
    }

    [Fact]
    public async Task ListJobs_PagesNewestFirstByContinuationToken_FiltersByStatus_AndABadPageSizeNamesTheParameter()
    {
        await using var env = await ClientAndServer.StartAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var accepted = await env.Jobs.StartBulkEmailAsync(new BulkEmailJobRequest { Subject = "Hi", Text = "Hello", Recipients = [new EmailRecipient($"p{i}@example.com")] }, cancellationToken: timeout.Token);
            ids.Add((await env.Jobs.WaitForCompletionAsync(accepted, timeout.Token)).Id);
        }

        var query = new JobListQuery { Type = "bulk-email", PageSize = 2 };
        var first = await env.Jobs.ListJobsAsync(query, cancellationToken: timeout.Token);
        var second = await env.Jobs.ListJobsAsync(query, first.ContinuationToken, timeout.Token);
        var third = await env.Jobs.ListJobsAsync(query, second.ContinuationToken, timeout.Token);
        var all = new List<Job>();
        await foreach (var job in env.Jobs.ListAllJobsAsync(query, timeout.Token))
        {
            all.Add(job);
        }

        var noneFailed = await env.Jobs.ListJobsAsync(new JobListQuery { Status = JobStatus.Failed }, cancellationToken: timeout.Token);
        var badSize = await Assert.ThrowsAsync<BackgroundJobsApiException>(() => env.Jobs.ListJobsAsync(new JobListQuery { PageSize = 0 }));
        var badToken = await Assert.ThrowsAsync<BackgroundJobsApiException>(() => env.Jobs.ListJobsAsync(continuationToken: "not-a-token"));

        Assert.Equal((2, 2, 1), (first.Items.Count, second.Items.Count, third.Items.Count));
        Assert.NotNull(second.ContinuationToken);
        Assert.Null(third.ContinuationToken);
        Assert.Equal(first.Items.Concat(second.Items).Concat(third.Items).Select(j => j.Id), all.Select(j => j.Id));
        Assert.Equal(ids.Order(), all.Select(j => j.Id).Order());
        Assert.Equal(all.OrderByDescending(j => j.CreatedAt).Select(j => j.CreatedAt), all.Select(j => j.CreatedAt));
        Assert.All(all, j => Assert.Equal(JobStatus.Completed, j.Status));
        Assert.Empty(noneFailed.Items);
        Assert.Equal(HttpStatusCode.BadRequest, badSize.Status);
        Assert.Contains("pageSize", badSize.Errors.Keys);
        Assert.Contains("continuationToken", badToken.Errors.Keys);
    }

    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task ResultDownload_OfAReportOnTheBulkEmails_ByItsLinkAndByName_ThenPurgeRemovesTheJob(string engine)
    {
        await using var env = await ClientAndServer.StartAsync(OperatedJobs.Engine(engine));
        using var timeout = new CancellationTokenSource(Timeout);
        var from = DateTimeOffset.UtcNow.AddMinutes(-5);
        var email = await env.Jobs.StartBulkEmailAsync(new BulkEmailJobRequest { Subject = "Hi", Text = "Hello", Recipients = [new EmailRecipient("a@example.com")] }, cancellationToken: timeout.Token);
        await env.Jobs.WaitForCompletionAsync(email, timeout.Token);

        var start = await env.Jobs.StartReportAsync(new ReportJobRequest { Report = "job-history", From = from, To = DateTimeOffset.UtcNow.AddMinutes(5) }, cancellationToken: timeout.Token);
        var report = await env.Jobs.WaitForCompletionAsync(start, timeout.Token);
        var file = Assert.Single(report.Files!);
        using var byLink = new MemoryStream();
        await env.Jobs.DownloadResultAsync(file, byLink, timeout.Token);
        using var byName = new MemoryStream();
        await env.Jobs.DownloadResultAsync(report.Id, file.Name, byName, timeout.Token);
        await env.Jobs.PurgeAsync(report.Id, timeout.Token);
        var purged = await Assert.ThrowsAsync<BackgroundJobsApiException>(() => env.Jobs.GetJobAsync(report.Id));

        Assert.Equal(JobStatus.Completed, report.Status);

        // On Azurite the link is a SAS URL to blob storage (which the key is not sent to); else the API's proxied route.
        Assert.Equal(engine == "AzureStorage", file.Url.Authority != env.Server.BaseAddress.Authority);
        Assert.Contains(email.Id, Encoding.UTF8.GetString(byLink.ToArray()), StringComparison.Ordinal);
        Assert.Equal(byLink.ToArray(), byName.ToArray());
        Assert.Equal(HttpStatusCode.NotFound, purged.Status);
    }
}
