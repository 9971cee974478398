using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Moq;

namespace BackgroundJobs.JobTypes.Tests.BulkEmail;

public class SendEmailChunkOrchestratorTests
{
    private readonly Mock<TaskOrchestrationContext> context = OrchestrationContextMock.Create("job-1:chunk:0");
    private readonly Dictionary<int, TaskCompletionSource<EmailBatchOutcome>> calls = [];
    private readonly List<TaskOptions?> options = [];

    public SendEmailChunkOrchestratorTests()
    {
        context.Setup(c => c.CallActivityAsync<EmailBatchOutcome>(It.Is<TaskName>(n => n.Name == nameof(SendEmailBatchActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, o) =>
            {
                var batch = (SendEmailBatchInput)input!;
                options.Add(o);
                var pending = new TaskCompletionSource<EmailBatchOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (calls)
                {
                    calls[batch.Index] = pending;
                }

                return pending.Task;
            });
    }

    private int InFlight()
    {
        lock (calls)
        {
            return calls.Values.Count(c => !c.Task.IsCompleted);
        }
    }

    private async Task CompleteEachAsync(Func<int, EmailBatchOutcome> outcome, Task run, int maxParallel)
    {
        var peak = 0;
        var completed = new HashSet<int>();
        while (!run.IsCompleted)
        {
            await Task.Delay(5);
            TaskCompletionSource<EmailBatchOutcome>? next;
            int index;
            lock (calls)
            {
                peak = Math.Max(peak, calls.Values.Count(c => !c.Task.IsCompleted));
                (index, next) = calls.Where(c => !completed.Contains(c.Key)).Select(c => (c.Key, c.Value)).FirstOrDefault();
            }

            if (next is not null)
            {
                completed.Add(index);
                next.SetResult(outcome(index));
            }
        }

        Assert.InRange(peak, 1, maxParallel);
        Assert.Equal(maxParallel, peak);
    }

    [Fact]
    public async Task RunAsync_NeverHasMoreThanMaxParallelBatchesInFlight_AndSendsEveryBatch()
    {
        var plan = new EmailBatchPlan(BatchCount: 10, BatchSize: 100, Recipients: 950, Duplicates: 0, Invalid: 0);

        var run = new SendEmailChunkOrchestrator().RunAsync(context.Object, new EmailChunkInput(new JobRun("job-1", "r1"), plan, 0, 10, MaxParallelBatches: 3));
        await CompleteEachAsync(i => new EmailBatchOutcome(i, plan.RecipientsIn(i), Sent: true, 202), run, maxParallel: 3);
        var result = await run;

        Assert.Equal(Enumerable.Range(0, 10), calls.Keys.Order());
        Assert.Equal(10, result.BatchesSent);
        Assert.Equal(950, result.RecipientsSent);
        Assert.Equal(0, InFlight());
    }

    [Fact]
    public async Task RunAsync_EveryBatchCall_HasAJitteredRetryHandler()
    {
        var plan = new EmailBatchPlan(2, 10, 20, 0, 0);
        var run = new SendEmailChunkOrchestrator().RunAsync(context.Object, new EmailChunkInput(new JobRun("job-1", "r1"), plan, 0, 2, 8));
        await CompleteEachAsync(i => new EmailBatchOutcome(i, 10, true, 202), run, maxParallel: 2);
        await run;

        Assert.All(options, o => Assert.NotNull(o?.Retry?.Handler));
    }

    [Fact]
    public async Task RunAsync_ABatchThatExhaustsItsRetries_IsRecordedAsFailed_AndTheOthersStillSend()
    {
        var plan = new EmailBatchPlan(3, 10, 25, 0, 0);
        context.Setup(c => c.CallActivityAsync<EmailBatchOutcome>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((name, input, _) =>
            {
                var index = ((SendEmailBatchInput)input!).Index;
                return index == 2
                    ? Task.FromException<EmailBatchOutcome>(new TaskFailedException(name.Name, 7, new TaskFailureDetails("TransientFailureException", "503 Service Unavailable", null, null, null)))
                    : Task.FromResult(new EmailBatchOutcome(index, 10, true, 202));
            });

        var result = await new SendEmailChunkOrchestrator().RunAsync(context.Object, new EmailChunkInput(new JobRun("job-1", "r1"), plan, 0, 3, 8));

        Assert.Equal(20, result.RecipientsSent);
        Assert.Equal(5, result.RecipientsFailed);
        var failed = Assert.Single(result.FailedBatches);
        Assert.Equal(2, failed.Index);
        Assert.Contains("503 Service Unavailable", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ARejectedBatch_IsRecordedWithItsStatusCode()
    {
        var plan = new EmailBatchPlan(2, 10, 20, 0, 0);
        context.Setup(c => c.CallActivityAsync<EmailBatchOutcome>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                var index = ((SendEmailBatchInput)input!).Index;
                return Task.FromResult(index == 0 ? new EmailBatchOutcome(0, 10, false, 400, "from is invalid") : new EmailBatchOutcome(1, 10, true, 202));
            });

        var result = await new SendEmailChunkOrchestrator().RunAsync(context.Object, new EmailChunkInput(new JobRun("job-1", "r1"), plan, 0, 2, 8));

        var failed = Assert.Single(result.FailedBatches);
        Assert.Equal((0, 400, "from is invalid"), (failed.Index, failed.StatusCode, failed.Reason));
    }
}
