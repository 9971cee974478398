using BackgroundJobs.Core.BulkEmail;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Core.Tests.Fakes;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace BackgroundJobs.Core.Tests.BulkEmail;

public class SendEmailBatchActivityTests
{
    private readonly InMemoryBlobStore blobs = new();
    private readonly Mock<IEmailSender> sender = new();
    private readonly TaskActivityContext activityContext = Mock.Of<TaskActivityContext>();

    public SendEmailBatchActivityTests()
    {
        blobs.WriteJsonAsync(BlobNames.EmailMessage("job-1"), new EmailMessage(null, "Hi", null, "Hello", null)).GetAwaiter().GetResult();
        blobs.WriteJsonAsync(BlobNames.EmailBatch("job-1", 4), new List<EmailRecipient> { new("a@example.com"), new("b@example.com") }).GetAwaiter().GetResult();
    }

    private SendEmailBatchActivity Activity() => new(blobs, sender.Object, NullLogger<SendEmailBatchActivity>.Instance);

    private void ProviderAnswers(EmailSendResult result) =>
        sender.Setup(s => s.SendAsync(It.IsAny<EmailBatch>(), It.IsAny<CancellationToken>())).ReturnsAsync(result);

    [Fact]
    public async Task RunAsync_Accepted_SendsOnceWithTheBatchIdAndRecordsTheOutcome()
    {
        ProviderAnswers(EmailSendResult.Accepted());

        var outcome = await Activity().RunAsync(activityContext, new SendEmailBatchInput("job-1", 4));

        Assert.Equal(new EmailBatchOutcome(4, 2, Sent: true, 202), outcome);
        sender.Verify(s => s.SendAsync(It.Is<EmailBatch>(b => b.BatchId == "job-1:4" && b.Recipients.Count == 2 && b.Message.Subject == "Hi"), It.IsAny<CancellationToken>()), Times.Once);
        Assert.True(blobs.Blobs.ContainsKey(BlobNames.EmailBatchOutcome("job-1", 4)));
    }

    [Fact]
    public async Task RunAsync_RunAgainAfterAnAcceptedSend_DoesNotSendTwice()
    {
        ProviderAnswers(EmailSendResult.Accepted());
        var first = await Activity().RunAsync(activityContext, new SendEmailBatchInput("job-1", 4));

        var second = await Activity().RunAsync(activityContext, new SendEmailBatchInput("job-1", 4));

        Assert.Equal(first, second);
        sender.Verify(s => s.SendAsync(It.IsAny<EmailBatch>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task RunAsync_RateLimited_ThrowsTransientFailureCarryingRetryAfter_AndRecordsNothing()
    {
        ProviderAnswers(new EmailSendResult(EmailSendOutcome.Transient, 429, "too many requests", TimeSpan.FromSeconds(7)));

        var error = await Assert.ThrowsAsync<TransientFailureException>(() => Activity().RunAsync(activityContext, new SendEmailBatchInput("job-1", 4)));

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterHint.Parse(error.Message));
        Assert.Contains("429", error.Message, StringComparison.Ordinal);
        Assert.False(blobs.Blobs.ContainsKey(BlobNames.EmailBatchOutcome("job-1", 4)));
    }

    [Fact]
    public async Task RunAsync_Rejected_ReturnsAFailedOutcome_WithoutThrowing()
    {
        ProviderAnswers(new EmailSendResult(EmailSendOutcome.Rejected, 400, "The from address does not match a verified Sender Identity."));

        var outcome = await Activity().RunAsync(activityContext, new SendEmailBatchInput("job-1", 4));

        Assert.False(outcome.Sent);
        Assert.Equal(400, outcome.StatusCode);
        Assert.Contains("verified Sender Identity", outcome.Error, StringComparison.Ordinal);
    }
}
