using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Moq;

namespace BackgroundJobs.JobTypes.Tests.BulkEmail;

public class CompleteBulkEmailActivityTests
{
    private static readonly JobRun Run = new("job-1", "r1");

    private readonly InMemoryBlobStore blobs = new();

    [Fact]
    public async Task RunAsync_ListsEveryRecipientNotSent_WithTheReason()
    {
        await blobs.WriteJsonAsync(BlobNames.InvalidRecipients(Run), new List<InvalidRecipient> { new(3, "bad,address", "invalid e-mail address") });
        await blobs.WriteJsonAsync(BlobNames.EmailBatch(Run, 1), new List<EmailRecipient> { new("c@example.com"), new("d@example.com") });
        var plan = new EmailBatchPlan(2, 2, 4, 0, 1);

        var result = await new CompleteBulkEmailActivity(blobs).RunAsync(
            Mock.Of<TaskActivityContext>(),
            new CompleteBulkEmailInput(Run, plan, Sent: 2, Failed: 2, [new FailedEmailBatch(1, 2, "400 bad \"from\"", 400)]));

        Assert.Equal("results/job-1/r1/not-sent.csv", result.NotSentBlob);
        var lines = blobs.ReadText(result.NotSentBlob!).TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(
            ["email,reason", "\"bad,address\",row 3: invalid e-mail address", "c@example.com,\"400 bad \"\"from\"\"\"", "d@example.com,\"400 bad \"\"from\"\"\""],
            lines);
        Assert.Equal((4, 2, 2, 1), (result.Recipients, result.Sent, result.Failed, result.Invalid));
    }

    [Fact]
    public async Task RunAsync_EverythingSent_WritesNoNotSentList()
    {
        var result = await new CompleteBulkEmailActivity(blobs).RunAsync(
            Mock.Of<TaskActivityContext>(),
            new CompleteBulkEmailInput(Run, new EmailBatchPlan(1, 10, 3, 0, 0), 3, 0, []));

        Assert.Null(result.NotSentBlob);
        Assert.Empty(blobs.Blobs);
    }
}
