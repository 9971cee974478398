using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace BackgroundJobs.JobTypes.Tests.BulkEmail;

public class SendEmailBatchActivityTests
{
    private static readonly JobRun Run = new("job-1", "r1");
    private static readonly SendEmailBatchInput Batch4 = new(Run, 4);

    private readonly InMemoryBlobStore blobs = new();
    private readonly Mock<IEmailSender> sender = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly TaskActivityContext activityContext = Mock.Of<TaskActivityContext>();

    public SendEmailBatchActivityTests()
    {
        blobs.WriteJsonAsync(BlobNames.EmailMessage(Run), new EmailMessage(null, "Hi", null, "Hello", null)).GetAwaiter().GetResult();
        blobs.WriteJsonAsync(BlobNames.EmailBatch(Run, 4), new List<EmailRecipient> { new("a@example.com"), new("b@example.com") }).GetAwaiter().GetResult();
    }

    private static readonly BulkEmailOptions Limits = new() { SendClaimTimeout = TimeSpan.FromMinutes(2), DeliveryLookupSettleDelay = TimeSpan.FromMinutes(10) };

    private SendEmailBatchActivity Activity(IBlobStore? store = null, IEmailDeliveryLookup? deliveryLookup = null) =>
        new(store ?? blobs, sender.Object, deliveryLookup ?? new NoEmailDeliveryLookup(), Options.Create(Limits), time, NullLogger<SendEmailBatchActivity>.Instance);

    private void ProviderAnswers(EmailSendResult result) =>
        sender.Setup(s => s.SendAsync(It.IsAny<EmailBatch>(), It.IsAny<CancellationToken>())).ReturnsAsync(result);

    private void VerifySends(int times) =>
        sender.Verify(s => s.SendAsync(It.IsAny<EmailBatch>(), It.IsAny<CancellationToken>()), Times.Exactly(times));

    [Fact]
    public async Task RunAsync_Accepted_SendsOnceWithTheBatchIdAndRecordsTheOutcome()
    {
        ProviderAnswers(EmailSendResult.Accepted());

        var outcome = await Activity().RunAsync(activityContext, Batch4);

        Assert.Equal(new EmailBatchOutcome(4, 2, Sent: true, 202), outcome);
        sender.Verify(s => s.SendAsync(It.Is<EmailBatch>(b => b.BatchId == "job-1:r1:4" && b.Recipients.Count == 2 && b.Message.Subject == "Hi"), It.IsAny<CancellationToken>()), Times.Once);
        Assert.True(blobs.Blobs.ContainsKey(BlobNames.EmailBatchOutcome(Run, 4)));
    }

    [Fact]
    public async Task RunAsync_RunAgainAfterAnAcceptedSend_DoesNotSendTwice()
    {
        ProviderAnswers(EmailSendResult.Accepted());
        var first = await Activity().RunAsync(activityContext, Batch4);

        var second = await Activity().RunAsync(activityContext, Batch4);

        Assert.Equal(first, second);
        VerifySends(1);
    }

    [Fact]
    public async Task RunAsync_TwoAttemptsAtOnce_OnlyOneSends_TheOtherIsToldToRetryLater()
    {
        var release = new TaskCompletionSource<EmailSendResult>();
        sender.Setup(s => s.SendAsync(It.IsAny<EmailBatch>(), It.IsAny<CancellationToken>())).Returns(release.Task);

        var first = Activity().RunAsync(activityContext, Batch4);
        var second = await Assert.ThrowsAsync<TransientFailureException>(() => Activity().RunAsync(activityContext, Batch4));
        release.SetResult(EmailSendResult.Accepted());
        await first;
        var third = await Activity().RunAsync(activityContext, Batch4);

        VerifySends(1);
        Assert.NotNull(RetryAfterHint.Parse(second.Message));
        Assert.True(third.Sent);
    }

    [Fact]
    public async Task RunAsync_OutcomeWriteFailsAfterAcceptedSend_StillReportsSent_AndARerunNeverResends()
    {
        ProviderAnswers(EmailSendResult.Accepted());
        var failingOutcomes = new OutcomeWritesFail(blobs);

        var outcome = await WhileAdvancingTimeAsync(Activity(failingOutcomes).RunAsync(activityContext, Batch4));
        var rerun = await Assert.ThrowsAsync<TransientFailureException>(() => Activity().RunAsync(activityContext, Batch4));
        time.Advance(Limits.SendClaimTimeout + TimeSpan.FromSeconds(1));
        var afterClaimExpired = await Activity().RunAsync(activityContext, Batch4);

        Assert.True(outcome.Sent);
        Assert.Contains("another attempt", rerun.Message, StringComparison.Ordinal);
        Assert.False(afterClaimExpired.Sent);
        Assert.Contains("outcome unknown", afterClaimExpired.Error, StringComparison.Ordinal);
        VerifySends(1);
    }

    [Fact]
    public async Task RunAsync_RateLimited_ThrowsTransientFailureCarryingRetryAfter_AndTheRetrySends()
    {
        ProviderAnswers(new EmailSendResult(EmailSendOutcome.Transient, 429, "too many requests", TimeSpan.FromSeconds(7)));

        var error = await Assert.ThrowsAsync<TransientFailureException>(() => Activity().RunAsync(activityContext, Batch4));
        ProviderAnswers(EmailSendResult.Accepted());
        var retried = await Activity().RunAsync(activityContext, Batch4);

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterHint.Parse(error.Message));
        Assert.Contains("429", error.Message, StringComparison.Ordinal);
        Assert.True(retried.Sent);
        VerifySends(2);
    }

    [Fact]
    public async Task RunAsync_Rejected_ReturnsAFailedOutcome_WithoutThrowing()
    {
        ProviderAnswers(new EmailSendResult(EmailSendOutcome.Rejected, 400, "The from address does not match a verified Sender Identity."));

        var outcome = await Activity().RunAsync(activityContext, Batch4);

        Assert.False(outcome.Sent);
        Assert.Equal(400, outcome.StatusCode);
        Assert.Contains("verified Sender Identity", outcome.Error, StringComparison.Ordinal);
    }

    // The activity waits between write attempts on the fake clock; move it along until the run ends.
    private async Task<T> WhileAdvancingTimeAsync<T>(Task<T> run)
    {
        while (!run.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        return await run;
    }

    /// <summary>Storage that fails every outcome write, as a storage outage right after a send would.</summary>
    private sealed class OutcomeWritesFail(InMemoryBlobStore inner) : DelegatingBlobStore(inner)
    {
        public override Task WriteAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default) =>
            name.EndsWith(".outcome.json", StringComparison.Ordinal)
                ? throw new IOException("storage is down")
                : base.WriteAsync(name, content, contentType, cancellationToken);
    }
}
