using BackgroundJobs.JobTypes.CrmSync;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Moq;

namespace BackgroundJobs.JobTypes.Tests.CrmSync;

public class CrmSyncOrchestratorTests
{
    // A host with a bus announces every ending, so each of these jobs is notified of whatever its request asks.
    private static readonly JobEventChannels BusHost = new(PublishesToBus: true);

    private static readonly CrmSyncRequest Request = new() { Blob = "uploads/contacts.csv", BatchesPerSegment = 3 };

    private readonly Mock<TaskOrchestrationContext> context = OrchestrationContextMock.Create("job-1");
    private readonly List<ReadCrmSegmentInput> reads = [];
    private readonly List<CrmBatchInput> upserts = [];
    private readonly List<CrmBatchInput> failedBatches = [];
    private readonly List<CompleteCrmSyncInput> completions = [];
    private readonly List<object?> continuedWith = [];
    private int notifications;

    public CrmSyncOrchestratorTests()
    {
        context.Setup(c => c.NewGuid()).Returns(Guid.Parse("0123456789ab4def8123456789abcdef"));
        context.Setup(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>())).Callback<object?, bool>((input, _) => continuedWith.Add(input));
        context.Setup(c => c.CallActivityAsync<CrmBatchOutcome>(It.Is<TaskName>(n => n.Name == nameof(UpsertCrmBatchActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                upserts.Add((CrmBatchInput)input!);
                return Task.FromResult(new CrmBatchOutcome(100, 60, 39, 1));
            });
        context.Setup(c => c.CallActivityAsync<CrmSyncResult>(It.Is<TaskName>(n => n.Name == nameof(CompleteCrmSyncActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                var done = (CompleteCrmSyncInput)input!;
                completions.Add(done);
                return Task.FromResult(new CrmSyncResult(done.Totals.Records, done.Totals.Created, done.Totals.Updated, done.Totals.Failed, done.Segments, null));
            });
        context.Setup(c => c.CallSubOrchestratorAsync<object>(It.Is<TaskName>(n => n.Name == nameof(JobNotificationOrchestrator)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback(() => notifications++)
            .ReturnsAsync((object)null!);
    }

    private void SegmentIs(CrmSegment segment) =>
        context.Setup(c => c.CallActivityAsync<CrmSegment>(It.Is<TaskName>(n => n.Name == nameof(ReadCrmSegmentActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                reads.Add((ReadCrmSegmentInput)input!);
                return Task.FromResult(segment);
            });

    [Fact]
    public async Task RunAsync_FirstGenerationWithMoreToRead_UpsertsItsBatches_AndContinuesAsNewWithTheCursorAndTotals()
    {
        SegmentIs(new CrmSegment(Batches: 3, Records: 300, Invalid: 2, NextByteOffset: 40_000, NextLine: 303, EndOfFile: false, FileBytes: 1_000_000));

        await new CrmSyncOrchestrator(BusHost).RunAsync(context.Object, Request);

        var read = Assert.Single(reads);
        Assert.Equal((0, 0L, 0L, 3, "uploads/contacts.csv"), (read.Segment, read.ByteOffset, read.Line, read.MaxBatches, read.Blob));
        Assert.Equal(new JobRun("job-1", "0123456789ab"), read.Run);
        Assert.Equal([0, 1, 2], upserts.Select(u => u.Batch));
        Assert.All(upserts, u => Assert.Equal((read.Run, 0), (u.Run, u.Segment)));
        var next = Assert.IsType<CrmSyncRequest>(Assert.Single(continuedWith));
        Assert.Equal(Request with { Checkpoint = next.Checkpoint }, next);
        Assert.Equal(new CrmSyncCheckpoint("0123456789ab", 1, 40_000, 303, new CrmSyncTotals(302, 180, 117, 5), 1_000_000), next.Checkpoint);
        Assert.Empty(completions);
        Assert.Equal(0, notifications);
    }

    [Fact]
    public async Task RunAsync_LastGeneration_ReadsFromTheCheckpoint_AddsToTheCarriedTotals_CompletesAndNotifiesOnce()
    {
        SegmentIs(new CrmSegment(Batches: 1, Records: 100, Invalid: 0, NextByteOffset: 52_000, NextLine: 410, EndOfFile: true, FileBytes: 52_000));
        var carried = new CrmSyncTotals(302, 180, 117, 5);
        var input = Request with { Checkpoint = new CrmSyncCheckpoint("runfromgen0", 1, 40_000, 303, carried) };

        var result = await new CrmSyncOrchestrator(BusHost).RunAsync(context.Object, input);

        var read = Assert.Single(reads);
        Assert.Equal((1, 40_000L, 303L), (read.Segment, read.ByteOffset, read.Line));
        Assert.Equal(new JobRun("job-1", "runfromgen0"), read.Run);
        Assert.Empty(continuedWith);
        var completion = Assert.Single(completions);
        Assert.Equal((new CrmSyncTotals(402, 240, 156, 6), 2), (completion.Totals, completion.Segments));
        Assert.Equal((402L, 240L, 156L, 6L, 2), (result.Records, result.Created, result.Updated, result.Failed, result.Segments));
        Assert.Equal(1, notifications);
    }

    [Fact]
    public async Task RunAsync_BatchWhoseRetriesAreSpent_IsRecordedAsFailed_AndTheOtherBatchesCount()
    {
        SegmentIs(new CrmSegment(Batches: 2, Records: 200, Invalid: 0, NextByteOffset: 9_000, NextLine: 201, EndOfFile: true, FileBytes: null));
        context.Setup(c => c.CallActivityAsync<CrmBatchOutcome>(It.Is<TaskName>(n => n.Name == nameof(UpsertCrmBatchActivity)), It.Is<object?>(i => ((CrmBatchInput)i!).Batch == 1), It.IsAny<TaskOptions?>()))
            .ThrowsAsync(new TaskFailedException(nameof(UpsertCrmBatchActivity), 7, new TaskFailureDetails("BackgroundJobs.Core.Retry.TransientFailureException", "The CRM answered 503", null, null, null)));
        context.Setup(c => c.CallActivityAsync<CrmBatchOutcome>(It.Is<TaskName>(n => n.Name == nameof(FailCrmBatchActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                failedBatches.Add((CrmBatchInput)input!);
                return Task.FromResult(new CrmBatchOutcome(100, 0, 0, 100));
            });

        var result = await new CrmSyncOrchestrator(BusHost).RunAsync(context.Object, Request);

        var failed = Assert.Single(failedBatches);
        Assert.Equal((1, "The CRM answered 503"), (failed.Batch, failed.Error));
        Assert.Equal((200L, 60L, 39L, 101L), (result.Records, result.Created, result.Updated, result.Failed));
    }
}
