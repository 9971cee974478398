using BackgroundJobs.Api.Jobs;
using Microsoft.DurableTask;

namespace BackgroundJobs.Server.Tests.Jobs;

public sealed class JobFailureTests
{
    [Fact]
    public void From_ActivityFailedThroughAChunk_NamesTheActivityAndTheRootError()
    {
        var root = new TaskFailureDetails("System.InvalidOperationException", "The provider refused the batch.", null, null, null);
        var activity = new TaskFailureDetails("Microsoft.DurableTask.TaskFailedException", "Task 'SendEmailBatchActivity' (#3) failed with an unhandled exception: The provider refused the batch.", null, root, null);
        var chunk = new TaskFailureDetails("Microsoft.DurableTask.TaskFailedException", "Sub-orchestration 'SendEmailChunkOrchestrator' (#1) failed with an unhandled exception: ...", null, activity, null);

        var failure = JobFailure.From(chunk);

        Assert.Equal(new JobFailure("SendEmailBatchActivity", "System.InvalidOperationException", "The provider refused the batch."), failure);
    }

    [Fact]
    public void From_OrchestratorThrewItself_HasNoTask()
    {
        var failure = JobFailure.From(new TaskFailureDetails("BackgroundJobs.Core.BulkEmail.BulkEmailFailedException", "No recipient was sent", null, null, null));

        Assert.Equal(new JobFailure(null, "BackgroundJobs.Core.BulkEmail.BulkEmailFailedException", "No recipient was sent"), failure);
    }
}
