using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Tests.Retry;

public class JobRetryTests
{
    private static readonly BackoffPolicy Policy = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

    private static TaskFailureDetails Failure<TException>(string message) => new(typeof(TException).FullName!, message, null, null, null);

    [Fact]
    public void ShouldRetry_TransientFailureBelowMaxAttempts_IsTrue()
    {
        Assert.True(JobRetry.ShouldRetry(Policy, 4, Failure<TransientFailureException>("503")));
    }

    [Fact]
    public void ShouldRetry_AtMaxAttempts_IsFalse()
    {
        Assert.False(JobRetry.ShouldRetry(Policy, 5, Failure<TransientFailureException>("503")));
    }

    [Fact]
    public void ShouldRetry_InvalidInput_IsFalse_BecauseAnotherTryFailsTheSameWay()
    {
        Assert.False(JobRetry.ShouldRetry(Policy, 1, Failure<InvalidJobInputException>("no email column")));
    }

    [Fact]
    public void NextDelay_RetryAfterLongerThanBackoff_WaitsAtLeastRetryAfter()
    {
        var failure = Failure<TransientFailureException>(new TransientFailureException("429", TimeSpan.FromSeconds(42)).Message);

        Assert.Equal(TimeSpan.FromSeconds(42), JobRetry.NextDelay(Policy, 1, failure, "k"));
    }

    [Fact]
    public void NextDelay_RetryAfterShorterThanBackoff_KeepsTheBackoff()
    {
        var failure = Failure<TransientFailureException>(new TransientFailureException("429", TimeSpan.FromMilliseconds(10)).Message);

        Assert.Equal(Policy.DelayBeforeRetry(3, "k"), JobRetry.NextDelay(Policy, 3, failure, "k"));
    }

    [Fact]
    public void Options_CarriesARetryHandler_NotAFixedPolicy()
    {
        var options = JobRetry.Options(Policy, "k");

        Assert.NotNull(options.Retry?.Handler);
        Assert.Null(options.Retry!.Policy);
    }
}
