using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;

namespace BackgroundJobs.TestHelpers.Fakes;

/// <summary>
/// A <see cref="Mock{TaskOrchestrationContext}"/> with the members every orchestrator touches set up,
/// including a clock: <c>CurrentUtcDateTime</c> starts at <see cref="Start"/> and a durable timer
/// fires on time, moving it on to the timer's time, as the engine's replayed clock does.
/// </summary>
public static class OrchestrationContextMock
{
    public static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    public static Mock<TaskOrchestrationContext> Create(string instanceId = "job-1")
    {
        // CallBase: CreateReplaySafeLogger is the real one, over the LoggerFactory set up below.
        var context = new Mock<TaskOrchestrationContext> { CallBase = true };
        context.SetupGet(c => c.InstanceId).Returns(instanceId);
        context.SetupGet(c => c.IsReplaying).Returns(false);
        context.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        var now = Start;
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => now);
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback<DateTime, CancellationToken>((fireAt, _) => now = fireAt > now ? fireAt : now)
            .Returns(Task.CompletedTask);
        return context;
    }

    public static bool Is(TaskName name, string expected) => name.Name == expected;
}
