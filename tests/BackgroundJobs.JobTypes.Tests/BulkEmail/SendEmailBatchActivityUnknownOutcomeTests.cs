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

/// <summary>
/// A send whose outcome is unknown (a timeout after sending, a reset mid-request, a 5xx) takes the
/// path a crash mid-send takes: the claim is kept; with a delivery lookup the provider is asked once
/// its records settle; without one the batch is "outcome unknown" and never resent. A job that chose
/// <c>onUnknownOutcome: resend</c> releases the claim and sends again.
/// </summary>
public class SendEmailBatchActivityUnknownOutcomeTests
{
    private static readonly JobRun Run = new("job-1", "r1");
    private static readonly SendEmailBatchInput Batch4 = new(Run, 4);
    private static readonly SendEmailBatchInput Batch4Resend = new(Run, 4, UnknownOutcome.Resend);
    private static readonly BulkEmailOptions Limits = new() { SendClaimTimeout = TimeSpan.FromMinutes(2), DeliveryLookupSettleDelay = TimeSpan.FromMinutes(10) };
    private static readonly EmailSendResult TimedOut = new(EmailSendOutcome.Unknown, Error: "SendGrid did not answer within 30 s.");

    private readonly InMemoryBlobStore blobs = new();
    private readonly Mock<IEmailSender> sender = new();
    private readonly Mock<IEmailDeliveryLookup> lookup = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly TaskActivityContext activityContext = Mock.Of<TaskActivityContext>();

    public SendEmailBatchActivityUnknownOutcomeTests()
    {
        blobs.WriteJsonAsync(BlobNames.EmailMessage(Run), new EmailMessage(null, "Hi", null, "Hello", null)).GetAwaiter().GetResult();
        blobs.WriteJsonAsync(BlobNames.EmailBatch(Run, 4), new List<EmailRecipient> { new("a@example.com"), new("b@example.com") }).GetAwaiter().GetResult();
        lookup.Setup(l => l.IsAvailable).Returns(true);
    }

    private SendEmailBatchActivity Activity(IEmailDeliveryLookup deliveryLookup) =>
        new(blobs, sender.Object, deliveryLookup, Options.Create(Limits), time, NullLogger<SendEmailBatchActivity>.Instance);

    private void ProviderAnswers(params EmailSendResult[] results)
    {
        var sequence = sender.SetupSequence(s => s.SendAsync(It.IsAny<EmailBatch>(), It.IsAny<CancellationToken>()));
        foreach (var result in results)
        {
            sequence = sequence.ReturnsAsync(result);
        }
    }

    private void VerifySends(int times) =>
        sender.Verify(s => s.SendAsync(It.IsAny<EmailBatch>(), It.IsAny<CancellationToken>()), Times.Exactly(times));

    [Fact]
    public async Task RunAsync_TimeoutWithoutALookup_RecordsOutcomeUnknownWithTheCause_AndNoLaterAttemptSends()
    {
        ProviderAnswers(TimedOut, EmailSendResult.Accepted());

        var outcome = await Activity(new NoEmailDeliveryLookup()).RunAsync(activityContext, Batch4);
        time.Advance(Limits.DeliveryLookupSettleDelay);
        var rerun = await Activity(new NoEmailDeliveryLookup()).RunAsync(activityContext, Batch4);

        Assert.False(outcome.Sent);
        Assert.Equal(2, outcome.Recipients);
        Assert.StartsWith("outcome unknown: ", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("did not answer within 30 s", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(outcome, rerun);
        Assert.NotNull(FailedEmailBatch.From(outcome));
        VerifySends(1);
    }

    [Fact]
    public async Task RunAsync_5xxWithoutALookup_KeepsTheStatusInTheRecordedOutcome()
    {
        ProviderAnswers(new EmailSendResult(EmailSendOutcome.Unknown, 502, "Bad Gateway"));

        var outcome = await Activity(new NoEmailDeliveryLookup()).RunAsync(activityContext, Batch4);

        Assert.Equal(502, outcome.StatusCode);
        Assert.StartsWith("outcome unknown: ", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("Bad Gateway", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TimeoutWithALookup_KeepsTheClaim_RetriesOnceTheRecordsSettle_AndFoundIsSent()
    {
        ProviderAnswers(TimedOut, EmailSendResult.Accepted());
        lookup.Setup(l => l.FindBatchAsync("job-1:r1:4", It.IsAny<CancellationToken>())).ReturnsAsync(EmailDeliveryLookupResult.Found);

        var first = await Assert.ThrowsAsync<TransientFailureException>(() => Activity(lookup.Object).RunAsync(activityContext, Batch4));
        var claim = await blobs.ReadJsonAsync<EmailBatchClaim>(BlobNames.EmailBatchClaim(Run, 4));
        time.Advance(RetryAfterHint.Parse(first.Message)!.Value);
        var outcome = await Activity(lookup.Object).RunAsync(activityContext, Batch4);

        Assert.Equal(Limits.DeliveryLookupSettleDelay, RetryAfterHint.Parse(first.Message));
        Assert.False(claim!.Released);
        Assert.Equal(new EmailBatchOutcome(4, 2, Sent: true), outcome);
        VerifySends(1);
        lookup.Verify(l => l.FindBatchAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task RunAsync_TimeoutWithALookup_NotFoundOnceSettled_SendsItAgainUnderTheNextClaim()
    {
        ProviderAnswers(TimedOut, EmailSendResult.Accepted());
        lookup.Setup(l => l.FindBatchAsync("job-1:r1:4", It.IsAny<CancellationToken>())).ReturnsAsync(EmailDeliveryLookupResult.NotFound);

        await Assert.ThrowsAsync<TransientFailureException>(() => Activity(lookup.Object).RunAsync(activityContext, Batch4));
        time.Advance(Limits.DeliveryLookupSettleDelay);
        var outcome = await Activity(lookup.Object).RunAsync(activityContext, Batch4);

        Assert.True(outcome.Sent);
        Assert.True(await blobs.ExistsAsync(BlobNames.EmailBatchClaim(Run, 4, generation: 1)));
        VerifySends(2);
    }

    [Fact]
    public async Task RunAsync_TimeoutWhenTheJobChoseResend_ReleasesTheClaim_AndTheRetrySendsAtOnce()
    {
        ProviderAnswers(TimedOut, EmailSendResult.Accepted());

        var first = await Assert.ThrowsAsync<TransientFailureException>(() => Activity(lookup.Object).RunAsync(activityContext, Batch4Resend));
        var retried = await Activity(lookup.Object).RunAsync(activityContext, Batch4Resend);

        Assert.Contains("resend", first.Message, StringComparison.Ordinal);
        Assert.True(retried.Sent);
        VerifySends(2);
        lookup.Verify(l => l.FindBatchAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task RunAsync_StaleClaimWithoutALookupWhenTheJobChoseResend_SendsItAgain()
    {
        await blobs.WriteJsonAsync(BlobNames.EmailBatchClaim(Run, 4), new EmailBatchClaim(time.GetUtcNow()));
        time.Advance(Limits.SendClaimTimeout);
        ProviderAnswers(EmailSendResult.Accepted());

        var outcome = await Activity(new NoEmailDeliveryLookup()).RunAsync(activityContext, Batch4Resend);

        Assert.True(outcome.Sent);
        Assert.True(await blobs.ExistsAsync(BlobNames.EmailBatchClaim(Run, 4, generation: 1)));
        VerifySends(1);
    }
}
