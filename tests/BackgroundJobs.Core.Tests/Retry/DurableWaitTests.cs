using BackgroundJobs.Core.Retry;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Moq;

namespace BackgroundJobs.Core.Tests.Retry;

public sealed class DurableWaitTests
{
    private static readonly DateTime FireAt = OrchestrationContextMock.Start.AddSeconds(30);

    [Fact]
    public async Task UntilAsync_TimerFiresOnTime_OneTimer()
    {
        var context = OrchestrationContextMock.Create();

        await DurableWait.UntilAsync(context.Object, FireAt, CancellationToken.None);

        Assert.Equal(FireAt, context.Object.CurrentUtcDateTime);
        context.Verify(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task UntilAsync_TimerFiresEarly_WaitsTheRestAsAtLeastTwoSeconds_AndEndsAfterTheTime()
    {
        // As Azure Storage does: the first timer fires 0.4 s early; later ones on time.
        var context = OrchestrationContextMock.Create();
        var now = OrchestrationContextMock.Start;
        var timers = new List<DateTime>();
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => now);
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback<DateTime, CancellationToken>((at, _) =>
            {
                timers.Add(at);
                now = timers.Count == 1 ? at.AddMilliseconds(-400) : at;
            })
            .Returns(Task.CompletedTask);

        await DurableWait.UntilAsync(context.Object, FireAt, CancellationToken.None);

        Assert.Equal([FireAt, FireAt.AddMilliseconds(-400).AddSeconds(2)], timers);
        Assert.True(now >= FireAt);
    }

    [Fact]
    public async Task UntilAsync_ClockThatNeverMoves_GivesUpAfterFourTimers()
    {
        var context = OrchestrationContextMock.Create();
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(OrchestrationContextMock.Start);

        await DurableWait.UntilAsync(context.Object, FireAt, CancellationToken.None);

        context.Verify(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()), Times.Exactly(4));
    }
}
