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
    public void From_ActivityExceptionWithAnInnerCause_IsTheActivitysOwnException_NotItsCause()
    {
        var cause = new TaskFailureDetails("System.Text.DecoderFallbackException", "Unable to translate bytes [FF] at index 3", null, null, null);
        var thrown = new TaskFailureDetails("System.IO.InvalidDataException", "The text is not UTF-8.", null, cause, null);
        var activity = new TaskFailureDetails("Microsoft.DurableTask.TaskFailedException", "Task 'CountWordsActivity' (#0) failed with an unhandled exception: The text is not UTF-8.", null, thrown, null);

        var failure = JobFailure.From(activity);

        Assert.Equal(new JobFailure("CountWordsActivity", "System.IO.InvalidDataException", "The text is not UTF-8."), failure);
    }

    [Fact]
    public void From_OrchestratorThrewItself_HasNoTask()
    {
        var failure = JobFailure.From(new TaskFailureDetails("BackgroundJobs.JobTypes.BulkEmail.BulkEmailFailedException", "No recipient was sent", null, null, null));

        Assert.Equal(new JobFailure(null, "BackgroundJobs.JobTypes.BulkEmail.BulkEmailFailedException", "No recipient was sent"), failure);
    }

    [Fact]
    public void Parse_TaskFailureWithoutAnInnerMessage_NamesTheTask_AndKeepsTheWrappersMessage()
    {
        var failure = JobFailure.From(InstanceFailure.Parse("Microsoft.DurableTask.TaskFailedException: Task 'UpsertCrmBatchActivity' (#4) failed with an unhandled exception.")!);

        Assert.Equal(new JobFailure("UpsertCrmBatchActivity", "Microsoft.DurableTask.TaskFailedException", "Task 'UpsertCrmBatchActivity' (#4) failed with an unhandled exception."), failure);
    }

    [Fact]
    public void Parse_TextThatNamesNoType_IsAnOrchestrationFailureWithTheWholeText()
    {
        var parsed = InstanceFailure.Parse("Unhandled exception while executing orchestration: boom");

        Assert.Equal((InstanceFailure.UnnamedErrorType, "Unhandled exception while executing orchestration: boom"), (parsed!.ErrorType, parsed.ErrorMessage));
    }

    [Fact]
    public void Parse_MessageOverSeveralLines_KeepsItWhole()
    {
        var parsed = InstanceFailure.Parse("Azure.RequestFailedException: The specified blob does not exist.\nStatus: 404 (The specified blob does not exist.)\nErrorCode: BlobNotFound");

        Assert.Equal("Azure.RequestFailedException", parsed!.ErrorType);
        Assert.EndsWith("ErrorCode: BlobNotFound", parsed.ErrorMessage, StringComparison.Ordinal);
    }
}
