using BackgroundJobs.Core.Retry;

namespace BackgroundJobs.Core.Tests.Retry;

public class BackoffPolicyTests
{
    private static readonly BackoffPolicy Policy = new(8, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(6, 30)]
    [InlineData(20, 30)]
    public void DelayBeforeRetry_GrowsExponentiallyUpToTheCap_WithJitterBetweenHalfAndAll(int attempt, double ceilingSeconds)
    {
        for (var i = 0; i < 50; i++)
        {
            var delay = Policy.DelayBeforeRetry(attempt, $"job-{i}");

            Assert.InRange(delay.TotalSeconds, ceilingSeconds * 0.5, ceilingSeconds);
        }
    }

    [Fact]
    public void DelayBeforeRetry_SameKeyAndAttempt_GivesTheSameDelay_SoReplayIsDeterministic()
    {
        Assert.Equal(Policy.DelayBeforeRetry(3, "job-1/batch/7"), Policy.DelayBeforeRetry(3, "job-1/batch/7"));
    }

    [Fact]
    public void DelayBeforeRetry_DifferentKeys_SpreadOut()
    {
        var delays = Enumerable.Range(0, 100).Select(i => Policy.DelayBeforeRetry(4, $"job/batch/{i}")).Distinct().Count();

        Assert.True(delays > 90, $"only {delays} distinct delays for 100 batches");
    }
}
