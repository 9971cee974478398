using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Moq;

namespace BackgroundJobs.JobTypes.Tests.BulkEmail;

public class BulkEmailOrchestratorTests
{
    private static readonly BulkEmailRequest Request = new() { Subject = "Hi", Text = "Hello", RecipientsBlob = "uploads/a.csv", MaxParallelBatches = 4 };

    private readonly Mock<TaskOrchestrationContext> context = OrchestrationContextMock.Create("job-1");
    private readonly List<EmailChunkInput> chunks = [];
    private readonly List<string?> chunkInstanceIds = [];
    private readonly List<JobProgress> progress = [];

    public BulkEmailOrchestratorTests()
    {
        context.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback<object?>(s => progress.Add((JobProgress)s!));
    }

    private void PlanIs(EmailBatchPlan plan) =>
        context.Setup(c => c.CallActivityAsync<EmailBatchPlan>(It.Is<TaskName>(n => n.Name == nameof(PrepareEmailBatchesActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(plan);

    private void ChunksAnswer(Func<EmailChunkInput, EmailChunkResult> answer) =>
        context.Setup(c => c.CallSubOrchestratorAsync<EmailChunkResult>(It.Is<TaskName>(n => n.Name == nameof(SendEmailChunkOrchestrator)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, options) =>
            {
                var chunk = (EmailChunkInput)input!;
                chunks.Add(chunk);
                chunkInstanceIds.Add((options as SubOrchestrationOptions)?.InstanceId);
                return Task.FromResult(answer(chunk));
            });

    private void CompletionEchoesCounts() =>
        context.Setup(c => c.CallActivityAsync<BulkEmailResult>(It.Is<TaskName>(n => n.Name == nameof(CompleteBulkEmailActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                var done = (CompleteBulkEmailInput)input!;
                return Task.FromResult(new BulkEmailResult(done.Plan.Recipients, done.Sent, done.Failed, done.Plan.Invalid, done.Plan.Duplicates, done.Plan.BatchCount, done.FailedBatches, done.FailedBatches.Count > 0 ? "results/job-1/not-sent.csv" : null));
            });

    private static EmailChunkResult AllSent(EmailChunkInput chunk)
    {
        var recipients = Enumerable.Range(chunk.FirstBatch, chunk.BatchCount).Sum(chunk.Plan.RecipientsIn);
        return new EmailChunkResult(chunk.BatchCount, recipients, 0, []);
    }

    [Fact]
    public async Task RunAsync_120Batches_SendsThemInTenChunks_TwoAtATime_ThroughSubOrchestrationsWithStableIds()
    {
        PlanIs(new EmailBatchPlan(BatchCount: 120, BatchSize: 500, Recipients: 59_800, Duplicates: 3, Invalid: 2));
        ChunksAnswer(AllSent);
        CompletionEchoesCounts();

        var result = await new BulkEmailOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Request);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 12), chunks.Select(c => c.FirstBatch));
        Assert.All(chunks, c => Assert.Equal(12, c.BatchCount));
        Assert.All(chunks, c => Assert.Equal(2, c.MaxParallelBatches));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"job-1:chunk:{i}"), chunkInstanceIds);
        Assert.Single(chunks.Select(c => c.Run).Distinct());
        Assert.Equal("job-1", chunks[0].Run.JobId);
        Assert.Equal(59_800, result.Sent);
        Assert.Equal(0, result.Failed);
    }

    [Fact]
    public async Task RunAsync_ReportsProgressAsEachChunkFinishes_WithBatchesDoneAndRecipientsSent()
    {
        PlanIs(new EmailBatchPlan(120, 500, 59_800, 0, 0));
        ChunksAnswer(AllSent);
        CompletionEchoesCounts();

        await new BulkEmailOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Request);

        var sending = progress.Where(p => p.Stage == BulkEmailOrchestrator.StageSending).ToList();
        Assert.Equal(Enumerable.Range(0, 11).Select(i => i * 12), sending.Select(p => p.Done));
        Assert.All(sending, p => Assert.Equal(120, p.Total));
        Assert.Equal(6_000L, sending[1].Counts!["sent"]);
        Assert.Equal(59_800L, sending[^1].Counts!["sent"]);
        Assert.Equal(BulkEmailOrchestrator.StagePreparing, progress[0].Stage);
        Assert.Equal([BulkEmailOrchestrator.StageCompleting, BulkEmailOrchestrator.StageCompleted], progress[^2..].Select(p => p.Stage));
    }

    [Fact]
    public async Task RunAsync_SomeBatchesFail_CompletesWithTheFailuresRecorded()
    {
        PlanIs(new EmailBatchPlan(3, 10, 30, 0, 0));
        ChunksAnswer(chunk => chunk.FirstBatch == 1
            ? new EmailChunkResult(0, 0, 10, [new FailedEmailBatch(1, 10, "400 bad from", 400)])
            : AllSent(chunk));
        CompletionEchoesCounts();

        var result = await new BulkEmailOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Request);

        Assert.Equal(20, result.Sent);
        Assert.Equal(10, result.Failed);
        var failed = Assert.Single(result.FailedBatches);
        Assert.Equal(1, failed.Index);
        Assert.Equal("results/job-1/not-sent.csv", result.NotSentBlob);
    }

    [Fact]
    public async Task RunAsync_NoBatchSucceeds_FailsTheJobWithTheReason()
    {
        PlanIs(new EmailBatchPlan(2, 10, 20, 0, 0));
        ChunksAnswer(chunk => new EmailChunkResult(0, 0, 10, [new FailedEmailBatch(chunk.FirstBatch, 10, "401 bad key", 401)]));
        CompletionEchoesCounts();

        var error = await Assert.ThrowsAsync<BulkEmailFailedException>(() => new BulkEmailOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Request));

        Assert.Contains("2 of 2 batches failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("401 bad key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PreparationAndCompletion_UseRetryHandlers()
    {
        var options = new List<TaskOptions?>();
        context.Setup(c => c.CallActivityAsync<EmailBatchPlan>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, _, o) => options.Add(o))
            .ReturnsAsync(new EmailBatchPlan(2, 10, 15, 0, 1));
        ChunksAnswer(AllSent);
        CompletionEchoesCounts();

        await new BulkEmailOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Request);

        Assert.NotNull(Assert.Single(options)?.Retry?.Handler);
    }

    [Fact]
    public async Task RunAsync_OneBatch_SendsItFromTheJobsOwnOrchestration_AndBuildsTheResultWithoutACompletingActivity()
    {
        PlanIs(new EmailBatchPlan(BatchCount: 1, BatchSize: 500, Recipients: 1, Duplicates: 0, Invalid: 0));
        var sends = new List<SendEmailBatchInput>();
        context.Setup(c => c.CallActivityAsync<EmailBatchOutcome>(It.Is<TaskName>(n => n.Name == nameof(SendEmailBatchActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                var batch = (SendEmailBatchInput)input!;
                sends.Add(batch);
                return Task.FromResult(new EmailBatchOutcome(batch.Index, 1, Sent: true, 202));
            });

        var result = await new BulkEmailOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Request with { OnUnknownOutcome = UnknownOutcome.Resend });

        var send = Assert.Single(sends);
        Assert.Equal((0, "job-1", UnknownOutcome.Resend), (send.Index, send.Run.JobId, send.OnUnknownOutcome));
        context.Verify(c => c.CallSubOrchestratorAsync<EmailChunkResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
        context.Verify(c => c.CallActivityAsync<BulkEmailResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
        Assert.Equal(new BulkEmailResult(1, 1, 0, 0, 0, 1, [], null, send.Run.RunId), result with { FailedBatches = [] });
        Assert.Empty(result.FailedBatches);
        Assert.Equal(
            [(BulkEmailOrchestrator.StagePreparing, 0, 0), (BulkEmailOrchestrator.StageSending, 0, 1), (BulkEmailOrchestrator.StageSending, 1, 1), (BulkEmailOrchestrator.StageCompleting, 1, 1), (BulkEmailOrchestrator.StageCompleted, 1, 1)],
            progress.Select(p => (p.Stage, p.Done, p.Total)));
        Assert.Equal(1L, progress[^1].Counts!["sent"]);
    }

    [Fact]
    public async Task RunAsync_OneBatchThatFails_WritesNotSentThroughTheCompletingActivity_AndFailsTheJob()
    {
        PlanIs(new EmailBatchPlan(1, 500, 1, 0, 0));
        context.Setup(c => c.CallActivityAsync<EmailBatchOutcome>(It.Is<TaskName>(n => n.Name == nameof(SendEmailBatchActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new EmailBatchOutcome(0, 1, Sent: false, 400, "bad from"));
        CompletionEchoesCounts();

        var error = await Assert.ThrowsAsync<BulkEmailFailedException>(() => new BulkEmailOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Request));

        Assert.Contains("Not sent: results/job-1/not-sent.csv", error.Message, StringComparison.Ordinal);
        context.Verify(c => c.CallSubOrchestratorAsync<EmailChunkResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
    }
}
