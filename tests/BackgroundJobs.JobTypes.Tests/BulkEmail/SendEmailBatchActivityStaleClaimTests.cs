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
/// The decision table for a batch whose sending attempt died between claiming it and recording an
/// outcome (a crash while the request was in flight): wait while the claim may be live, then, with a
/// delivery lookup, ask the provider once its records have settled: found is sent, not found is sent
/// again under a new claim, unavailable is asked again later; without a lookup, or when it cannot be
/// made, the batch is "outcome unknown" and never resent.
/// </summary>
public class SendEmailBatchActivityStaleClaimTests
{
    private static readonly JobRun Run = new("job-1", "r1");
    private static readonly SendEmailBatchInput Batch4 = new(Run, 4);
    private static readonly BulkEmailOptions Limits = new() { SendClaimTimeout = TimeSpan.FromMinutes(2), DeliveryLookupSettleDelay = TimeSpan.FromMinutes(10) };

    private readonly InMemoryBlobStore blobs = new();
    private readonly Mock<IEmailSender> sender = new();
    private readonly Mock<IEmailDeliveryLookup> lookup = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly TaskActivityContext activityContext = Mock.Of<TaskActivityContext>();

    public SendEmailBatchActivityStaleClaimTests()
    {
        blobs.WriteJsonAsync(BlobNames.EmailMessage(Run), new EmailMessage(null, "Hi", null, "Hello", null)).GetAwaiter().GetResult();
        blobs.WriteJsonAsync(BlobNames.EmailBatch(Run, 4), new List<EmailRecipient> { new("a@example.com"), new("b@example.com") }).GetAwaiter().GetResult();
        sender.Setup(s => s.SendAsync(It.IsAny<EmailBatch>(), It.IsAny<CancellationToken>())).ReturnsAsync(EmailSendResult.Accepted());
        lookup.Setup(l => l.IsAvailable).Returns(true);
    }

    private SendEmailBatchActivity Activity(IEmailDeliveryLookup? deliveryLookup = null) =>
        new(blobs, sender.Object, deliveryLookup ?? lookup.Object, Options.Create(Limits), time, NullLogger<SendEmailBatchActivity>.Instance);

    /// <summary>What a crash mid-send leaves: the claim, taken now, and no outcome.</summary>
    private Task AbandonedClaimAsync() => blobs.WriteJsonAsync(BlobNames.EmailBatchClaim(Run, 4), new EmailBatchClaim(time.GetUtcNow()));

    private void ProviderRecordsSay(EmailDeliveryLookupResult result) =>
        lookup.Setup(l => l.FindBatchAsync("job-1:r1:4", It.IsAny<CancellationToken>())).ReturnsAsync(result);

    private void VerifySends(int times) =>
        sender.Verify(s => s.SendAsync(It.IsAny<EmailBatch>(), It.IsAny<CancellationToken>()), Times.Exactly(times));

    private void VerifyLookups(int times) =>
        lookup.Verify(l => l.FindBatchAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Exactly(times));

    [Fact]
    public async Task RunAsync_ClaimYoungerThanTheTimeout_RetriesWhenItWouldExpire_WithoutAskingOrSending()
    {
        await AbandonedClaimAsync();
        time.Advance(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<TransientFailureException>(() => Activity().RunAsync(activityContext, Batch4));

        Assert.Equal(TimeSpan.FromSeconds(90), RetryAfterHint.Parse(error.Message));
        VerifyLookups(0);
        VerifySends(0);
    }

    [Fact]
    public async Task RunAsync_StaleClaimWithoutALookup_RecordsOutcomeUnknown_AndNeverSends()
    {
        await AbandonedClaimAsync();
        time.Advance(Limits.SendClaimTimeout);

        var outcome = await Activity(new NoEmailDeliveryLookup()).RunAsync(activityContext, Batch4);
        var rerun = await Activity(new NoEmailDeliveryLookup()).RunAsync(activityContext, Batch4);

        Assert.False(outcome.Sent);
        Assert.Equal(2, outcome.Recipients);
        Assert.StartsWith("outcome unknown", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(outcome, rerun);
        VerifySends(0);
    }

    [Fact]
    public async Task RunAsync_StaleClaimBeforeTheProviderRecordsSettle_WaitsForTheSettleDelay_WithoutAsking()
    {
        await AbandonedClaimAsync();
        time.Advance(TimeSpan.FromMinutes(3));

        var error = await Assert.ThrowsAsync<TransientFailureException>(() => Activity().RunAsync(activityContext, Batch4));

        Assert.Equal(TimeSpan.FromMinutes(7), RetryAfterHint.Parse(error.Message));
        VerifyLookups(0);
        VerifySends(0);
    }

    [Fact]
    public async Task RunAsync_ProviderHasTheBatch_RecordsItAsSent_AndNeverSendsIt()
    {
        await AbandonedClaimAsync();
        time.Advance(Limits.DeliveryLookupSettleDelay);
        ProviderRecordsSay(EmailDeliveryLookupResult.Found);

        var outcome = await Activity().RunAsync(activityContext, Batch4);
        var rerun = await Activity().RunAsync(activityContext, Batch4);

        Assert.Equal(new EmailBatchOutcome(4, 2, Sent: true), outcome);
        Assert.Equal(outcome, rerun);
        VerifyLookups(1);
        VerifySends(0);
    }

    [Fact]
    public async Task RunAsync_ProviderHasNoRecordAfterTheSettleDelay_SendsItOnceUnderTheNextClaim()
    {
        await AbandonedClaimAsync();
        time.Advance(Limits.DeliveryLookupSettleDelay);
        ProviderRecordsSay(EmailDeliveryLookupResult.NotFound);

        var outcome = await Activity().RunAsync(activityContext, Batch4);
        var rerun = await Activity().RunAsync(activityContext, Batch4);

        Assert.Equal(new EmailBatchOutcome(4, 2, Sent: true, 202), outcome);
        Assert.Equal(outcome, rerun);
        Assert.True(await blobs.ExistsAsync(BlobNames.EmailBatchClaim(Run, 4, generation: 1)));
        sender.Verify(s => s.SendAsync(It.Is<EmailBatch>(b => b.BatchId == "job-1:r1:4"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task RunAsync_TwoAttemptsBothHearNotFound_OnlyOneSendsItAgain()
    {
        await AbandonedClaimAsync();
        time.Advance(Limits.DeliveryLookupSettleDelay);
        ProviderRecordsSay(EmailDeliveryLookupResult.NotFound);
        var release = new TaskCompletionSource<EmailSendResult>();
        sender.Setup(s => s.SendAsync(It.IsAny<EmailBatch>(), It.IsAny<CancellationToken>())).Returns(release.Task);

        var first = Activity().RunAsync(activityContext, Batch4);
        var second = await Assert.ThrowsAsync<TransientFailureException>(() => Activity().RunAsync(activityContext, Batch4));
        release.SetResult(EmailSendResult.Accepted());

        Assert.True((await first).Sent);
        Assert.Contains("another attempt", second.Message, StringComparison.Ordinal);
        VerifySends(1);
    }

    [Fact]
    public async Task RunAsync_ResentBatchWhoseAttemptAlsoDied_AsksAgainForTheSameBatchId()
    {
        await AbandonedClaimAsync();
        time.Advance(Limits.DeliveryLookupSettleDelay);
        await blobs.WriteJsonAsync(BlobNames.EmailBatchClaim(Run, 4, generation: 1), new EmailBatchClaim(time.GetUtcNow()));
        time.Advance(TimeSpan.FromMinutes(1));

        var waiting = await Assert.ThrowsAsync<TransientFailureException>(() => Activity().RunAsync(activityContext, Batch4));
        time.Advance(Limits.DeliveryLookupSettleDelay);
        ProviderRecordsSay(EmailDeliveryLookupResult.Found);
        var outcome = await Activity().RunAsync(activityContext, Batch4);

        Assert.Equal(TimeSpan.FromMinutes(1), RetryAfterHint.Parse(waiting.Message));
        Assert.True(outcome.Sent);
        VerifySends(0);
    }

    [Fact]
    public async Task RunAsync_LookupRateLimited_RetriesAfterTheProvidersWait_WithoutSendingOrRecording()
    {
        await AbandonedClaimAsync();
        time.Advance(Limits.DeliveryLookupSettleDelay);
        ProviderRecordsSay(new EmailDeliveryLookupResult(EmailDeliveryLookupOutcome.Unavailable, 429, "too many requests", TimeSpan.FromSeconds(40)));

        var error = await Assert.ThrowsAsync<TransientFailureException>(() => Activity().RunAsync(activityContext, Batch4));

        Assert.Equal(TimeSpan.FromSeconds(40), RetryAfterHint.Parse(error.Message));
        Assert.Contains("429", error.Message, StringComparison.Ordinal);
        Assert.False(await blobs.ExistsAsync(BlobNames.EmailBatchOutcome(Run, 4)));
        VerifySends(0);
    }

    [Fact]
    public async Task RunAsync_LookupNotPossible_RecordsOutcomeUnknownWithTheReason_AndNeverSends()
    {
        await AbandonedClaimAsync();
        time.Advance(Limits.DeliveryLookupSettleDelay);
        ProviderRecordsSay(new EmailDeliveryLookupResult(EmailDeliveryLookupOutcome.NotSupported, 403, "access forbidden"));

        var outcome = await Activity().RunAsync(activityContext, Batch4);

        Assert.False(outcome.Sent);
        Assert.StartsWith("outcome unknown", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("access forbidden", outcome.Error, StringComparison.Ordinal);
        VerifySends(0);
    }

    [Fact]
    public async Task RunAsync_TransientAnswerReleasesTheClaim_TheRetrySendsAtOnceWithoutAskingTheProvider()
    {
        sender.SetupSequence(s => s.SendAsync(It.IsAny<EmailBatch>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new EmailSendResult(EmailSendOutcome.Transient, 429, "too many requests"))
            .ReturnsAsync(EmailSendResult.Accepted());

        await Assert.ThrowsAsync<TransientFailureException>(() => Activity().RunAsync(activityContext, Batch4));
        var retried = await Activity().RunAsync(activityContext, Batch4);

        Assert.True(retried.Sent);
        VerifySends(2);
        VerifyLookups(0);
    }
}
