using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.JobTypes.Inference;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Moq;

namespace BackgroundJobs.JobTypes.Tests.Inference;

public class InferenceOrchestratorTests
{
    // A host with a bus announces every ending, so each of these jobs is notified of whatever its request asks.
    private static readonly JobEventChannels BusHost = new(PublishesToBus: true);

    private static readonly InferenceRequest Request = new() { Blob = "uploads/items.jsonl", Mode = InferenceModes.Chat, MaxConcurrency = 6 };

    private static readonly InferencePlan Plan = new("chat", "m1", Items: 25, ChunksInFlight: 2, RequestsPerChunk: 3,
    [
        new InferenceChunk(0, 0, 10, 1, 0),
        new InferenceChunk(1, 10, 10, 11, 500),
        new InferenceChunk(2, 20, 5, 21, 1000),
    ]);

    private readonly Mock<TaskOrchestrationContext> context = OrchestrationContextMock.Create("job-1");
    private readonly List<PrepareInferenceInput> prepared = [];
    private readonly List<InferenceChunkInput> chunks = [];
    private readonly List<InferenceChunkInput> failedChunks = [];
    private readonly List<CompleteInferenceInput> completions = [];
    private readonly List<object?> statuses = [];
    private int notifications;

    public InferenceOrchestratorTests()
    {
        context.Setup(c => c.NewGuid()).Returns(Guid.Parse("0123456789ab4def8123456789abcdef"));
        context.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback<object?>(statuses.Add);
        context.Setup(c => c.CallActivityAsync<InferencePlan>(It.Is<TaskName>(n => n.Name == nameof(PrepareInferenceActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                prepared.Add((PrepareInferenceInput)input!);
                return Task.FromResult(Plan);
            });
        context.Setup(c => c.CallActivityAsync<InferenceCounts>(It.Is<TaskName>(n => n.Name == nameof(RunInferenceChunkActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                var chunk = (InferenceChunkInput)input!;
                chunks.Add(chunk);
                return Task.FromResult(new InferenceCounts(chunk.Chunk.Items, chunk.Chunk.Items - 1, 1, new InferenceUsage(10, 20, 30)));
            });
        context.Setup(c => c.CallActivityAsync<InferenceResult>(It.Is<TaskName>(n => n.Name == nameof(CompleteInferenceActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                var done = (CompleteInferenceInput)input!;
                completions.Add(done);
                var counts = done.Counts;
                return Task.FromResult(new InferenceResult(done.Mode, done.Model, counts.Items, counts.Succeeded, counts.Failed, counts.Usage, done.Chunks, "results/job-1/run/results.jsonl"));
            });
        context.Setup(c => c.CallSubOrchestratorAsync<object>(It.Is<TaskName>(n => n.Name == nameof(JobNotificationOrchestrator)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback(() => notifications++)
            .ReturnsAsync((object)null!);
    }

    [Fact]
    public async Task RunAsync_RunsEveryChunkWithItsShareOfTheConcurrency_AddsUpItemsAndTokens_CompletesAndNotifiesOnce()
    {
        var result = await new InferenceOrchestrator(BusHost).RunAsync(context.Object, Request);

        var prepare = Assert.Single(prepared);
        Assert.Equal((new JobRun("job-1", "0123456789ab"), Request), (prepare.Run, prepare.Request));
        Assert.Equal([0, 1, 2], chunks.Select(c => c.Chunk.Index));
        Assert.All(chunks, c => Assert.Equal((prepare.Run, "uploads/items.jsonl", 3, (string?)null), (c.Run, c.Blob, c.RequestsInFlight, c.Error)));
        var completion = Assert.Single(completions);
        Assert.Equal((new InferenceCounts(25, 22, 3, new InferenceUsage(30, 60, 90)), 3, "m1"), (completion.Counts, completion.Chunks, completion.Model));
        Assert.Equal((25, 22, 3, 90L), (result.Items, result.Succeeded, result.Failed, result.Usage.TotalTokens));
        Assert.Equal(["results/job-1/run/results.jsonl"], result.Files);
        Assert.Equal(1, notifications);
        var last = Assert.IsType<JobProgress>(statuses[^1]);
        Assert.Equal((InferenceOrchestrator.StageCompleted, 25, 25, 100), (last.Stage, last.Done, last.Total, last.Percent));
        Assert.Equal((22L, 3L, 90L), (last.Counts!["succeeded"], last.Counts["failed"], last.Counts["totalTokens"]));
    }

    [Fact]
    public async Task RunAsync_ChunkWhoseRetriesAreSpent_FailsItsUnansweredItems_AndTheJobGoesOn()
    {
        context.Setup(c => c.CallActivityAsync<InferenceCounts>(It.Is<TaskName>(n => n.Name == nameof(RunInferenceChunkActivity)), It.Is<object?>(i => ((InferenceChunkInput)i!).Chunk.Index == 1), It.IsAny<TaskOptions?>()))
            .ThrowsAsync(new TaskFailedException(nameof(RunInferenceChunkActivity), 7, new TaskFailureDetails("BackgroundJobs.Core.Retry.TransientFailureException", "Chunk 1: 4 of 10 items have no answer yet; the last: 503: down", null, null, null)));
        context.Setup(c => c.CallActivityAsync<InferenceCounts>(It.Is<TaskName>(n => n.Name == nameof(FailInferenceChunkActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                failedChunks.Add((InferenceChunkInput)input!);
                return Task.FromResult(new InferenceCounts(10, 6, 4, new InferenceUsage(6, 6, 12)));
            });

        var result = await new InferenceOrchestrator(BusHost).RunAsync(context.Object, Request);

        var failed = Assert.Single(failedChunks);
        Assert.Equal((1, "Chunk 1: 4 of 10 items have no answer yet; the last: 503: down"), (failed.Chunk.Index, failed.Error));
        Assert.Equal((25, 19, 6, 72L), (result.Items, result.Succeeded, result.Failed, result.Usage.TotalTokens));
    }

    [Fact]
    public async Task RunAsync_NeverHasMoreChunksInFlightThanThePlanSays()
    {
        var pending = new List<TaskCompletionSource<InferenceCounts>>();
        context.Setup(c => c.CallActivityAsync<InferenceCounts>(It.Is<TaskName>(n => n.Name == nameof(RunInferenceChunkActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(() =>
            {
                var source = new TaskCompletionSource<InferenceCounts>();
                pending.Add(source);
                return source.Task;
            });

        var run = new InferenceOrchestrator(BusHost).RunAsync(context.Object, Request);

        Assert.Equal(2, pending.Count);
        pending[0].SetResult(new InferenceCounts(10, 10, 0, InferenceUsage.Zero));
        Assert.Equal(3, pending.Count);
        pending[1].SetResult(new InferenceCounts(10, 10, 0, InferenceUsage.Zero));
        pending[2].SetResult(new InferenceCounts(5, 5, 0, InferenceUsage.Zero));
        var result = await run;
        Assert.Equal(25, result.Succeeded);
    }

    [Fact]
    public void InferenceLimits_Share_NeverGivesMoreRequestsInFlightThanTheJobsConcurrency()
    {
        for (var concurrency = 1; concurrency <= InferenceLimits.MaxConcurrency; concurrency++)
        {
            var (chunks, perChunk) = InferenceLimits.Share(concurrency);
            Assert.InRange(chunks * perChunk, (concurrency + 1) / 2, concurrency);
        }
    }
}
