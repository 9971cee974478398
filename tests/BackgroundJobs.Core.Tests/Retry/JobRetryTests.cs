using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Moq;

namespace BackgroundJobs.Core.Tests.Retry;

public class JobRetryTests
{
    private static readonly BackoffPolicy Policy = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

    private static TaskFailureDetails Failure<TException>(string message) => Failure(typeof(TException).FullName!, message);

    private static TaskFailureDetails Failure(string type, string message) => new(type, message, null, null, null);

    [Theory]
    [InlineData("BackgroundJobs.Core.Retry.TransientFailureException")]
    [InlineData("Azure.RequestFailedException")]
    [InlineData("System.Net.Http.HttpRequestException")]
    [InlineData("System.IO.IOException")]
    [InlineData("System.TimeoutException")]
    public void ShouldRetry_TransientFailureBelowMaxAttempts_IsTrue(string errorType)
    {
        Assert.True(JobRetry.ShouldRetry(Policy, 4, TimeSpan.Zero, Failure(errorType, "503")));
    }

    [Theory]
    [InlineData("System.NullReferenceException")]
    [InlineData("System.Text.Json.JsonException")]
    [InlineData("BackgroundJobs.Core.Jobs.InvalidJobInputException")]
    public void ShouldRetry_ABugOrBadInput_IsFalse_BecauseAnotherTryFailsTheSameWay(string errorType)
    {
        Assert.False(JobRetry.ShouldRetry(Policy, 1, TimeSpan.Zero, Failure(errorType, "boom")));
    }

    // The Azure SDK's message for an error answer: the status on a line of its own, then the error code and the body.
    private static TaskFailureDetails AzureError(int status, string reason) => Failure(
        "Azure.RequestFailedException",
        $"Service request failed.\nStatus: {status} ({reason})\nErrorCode: Code\n\nContent:\n<Error><Message>Status: 503 would not decide</Message></Error>\n\nHeaders:\nx-ms-request-id: 1");

    [Theory]
    [InlineData(403, "Forbidden")]
    [InlineData(404, "The specified blob does not exist.")]
    [InlineData(409, "Conflict")]
    [InlineData(400, "Bad Request")]
    public void ShouldRetry_AzureRequestRefusedWithA4xx_IsFalse_SoTheTaskFailsAtOnceWithTheReason(int status, string reason)
    {
        Assert.False(JobRetry.ShouldRetry(Policy, 1, TimeSpan.Zero, AzureError(status, reason)));
    }

    [Theory]
    [InlineData(408, "Request Timeout")]
    [InlineData(429, "Too Many Requests")]
    [InlineData(500, "Internal Server Error")]
    [InlineData(503, "Server Busy")]
    public void ShouldRetry_AzureRequestWith408Or429Or5xx_IsTrue(int status, string reason)
    {
        Assert.True(JobRetry.ShouldRetry(Policy, 1, TimeSpan.Zero, AzureError(status, reason)));
    }

    [Fact]
    public void ShouldRetry_AtMaxAttempts_IsFalse()
    {
        Assert.False(JobRetry.ShouldRetry(Policy, 5, TimeSpan.Zero, Failure<TransientFailureException>("503")));
    }

    [Fact]
    public void ShouldRetry_AfterTheTotalRetryTime_IsFalse()
    {
        Assert.False(JobRetry.ShouldRetry(Policy, 1, TimeSpan.FromHours(2), Failure<TransientFailureException>("503")));
    }

    [Fact]
    public void NextDelay_RetryAfterLongerThanBackoff_WaitsAtLeastRetryAfter()
    {
        var failure = Failure<TransientFailureException>(new TransientFailureException("429", TimeSpan.FromSeconds(42)).Message);

        Assert.Equal(TimeSpan.FromSeconds(42), JobRetry.NextDelay(Policy, 1, failure, "k"));
    }

    [Fact]
    public void NextDelay_HugeRetryAfter_IsCapped()
    {
        var failure = Failure<TransientFailureException>(new TransientFailureException("429", TimeSpan.FromDays(2)).Message);

        Assert.Equal(JobRetry.MaxRetryAfter, JobRetry.NextDelay(Policy, 1, failure, "k"));
    }

    [Fact]
    public void NextDelay_RetryAfterShorterThanBackoff_KeepsTheBackoff()
    {
        var failure = Failure<TransientFailureException>(new TransientFailureException("429", TimeSpan.FromMilliseconds(10)).Message);

        Assert.Equal(Policy.DelayBeforeRetry(3, "k"), JobRetry.NextDelay(Policy, 3, failure, "k"));
    }

    [Fact]
    public async Task Options_Handler_WaitsOnADurableTimerForTheDelay_ThenRetries()
    {
        var context = OrchestrationContextMock.Create("job-9");
        var failure = Failure<TransientFailureException>(new TransientFailureException("429", TimeSpan.FromSeconds(30)).Message);

        var retry = await JobRetry.Options(Policy, "batch/3").Retry!.Handler!(new RetryContext(context.Object, 1, failure, TimeSpan.Zero, CancellationToken.None));

        Assert.True(retry);
        Assert.Equal(TimeSpan.FromSeconds(30), context.Object.CurrentUtcDateTime - OrchestrationContextMock.Start);
    }

    [Fact]
    public async Task Options_Handler_InvalidInput_GivesUpWithoutATimer_AndRecordsOneAttempt()
    {
        var context = OrchestrationContextMock.Create("job-9");
        var recorded = CaptureGaveUp(context);
        var failure = Failure<InvalidJobInputException>("no email column");

        var retry = await JobRetry.Options(Policy, "PrepareEmailBatchesActivity").Retry!.Handler!(new RetryContext(context.Object, 1, failure, TimeSpan.Zero, CancellationToken.None));

        Assert.False(retry);
        context.Verify(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()), Times.Never);
        var gaveUp = Assert.Single(recorded);
        Assert.Equal(("job-9", "PrepareEmailBatchesActivity", 1, typeof(InvalidJobInputException).FullName), (gaveUp.InstanceId, gaveUp.Task, gaveUp.Attempts, gaveUp.ErrorType));
    }

    [Fact]
    public async Task Options_Handler_AtTheLastAttempt_RecordsTheAttempts_UnderTheTaskNameOfTheKey()
    {
        var context = OrchestrationContextMock.Create("job-9:chunk:2");
        var recorded = CaptureGaveUp(context);
        var failure = Failure<TransientFailureException>("503");

        var retry = await JobRetry.Options(Policy, "SendEmailBatchActivity/7").Retry!.Handler!(new RetryContext(context.Object, Policy.MaxAttempts, failure, TimeSpan.FromMinutes(3), CancellationToken.None));

        Assert.False(retry);
        var gaveUp = Assert.Single(recorded);
        Assert.Equal(("job-9:chunk:2", "SendEmailBatchActivity", Policy.MaxAttempts), (gaveUp.InstanceId, gaveUp.Task, gaveUp.Attempts));
    }

    [Fact]
    public async Task Options_Handler_WhenTheRecordFails_StillGivesUp_SoTheTasksOwnErrorStands()
    {
        var context = OrchestrationContextMock.Create("job-9");
        context.Setup(c => c.CallActivityAsync<object>(It.Is<TaskName>(n => n.Name == nameof(RecordTaskGaveUpActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ThrowsAsync(new TaskFailedException(nameof(RecordTaskGaveUpActivity), 1, new TaskFailureDetails("Azure.RequestFailedException", "storage down", null, null, null)));

        var retry = await JobRetry.Options(Policy, "PrepareEmailBatchesActivity").Retry!.Handler!(
            new RetryContext(context.Object, 1, Failure<InvalidJobInputException>("bad"), TimeSpan.Zero, CancellationToken.None));

        Assert.False(retry);
    }

    [Fact]
    public async Task Options_Handler_WhileItRetries_RecordsNothing()
    {
        var context = OrchestrationContextMock.Create("job-9");
        var recorded = CaptureGaveUp(context);

        Assert.True(await JobRetry.Options(Policy, "SendEmailBatchActivity/7").Retry!.Handler!(
            new RetryContext(context.Object, 2, Failure<TransientFailureException>("503"), TimeSpan.Zero, CancellationToken.None)));

        Assert.Empty(recorded);
    }

    private static List<TaskGaveUp> CaptureGaveUp(Mock<TaskOrchestrationContext> context)
    {
        var recorded = new List<TaskGaveUp>();
        context.Setup(c => c.CallActivityAsync<object>(It.Is<TaskName>(n => n.Name == nameof(RecordTaskGaveUpActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, input, _) => recorded.Add((TaskGaveUp)input!))
            .ReturnsAsync(true);
        return recorded;
    }
}
