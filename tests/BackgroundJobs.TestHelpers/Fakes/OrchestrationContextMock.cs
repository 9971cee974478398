using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;

namespace BackgroundJobs.TestHelpers.Fakes;

/// <summary>A <see cref="Mock{TaskOrchestrationContext}"/> with the members every orchestrator touches set up.</summary>
public static class OrchestrationContextMock
{
    public static Mock<TaskOrchestrationContext> Create(string instanceId = "job-1")
    {
        // CallBase: CreateReplaySafeLogger is the real one, over the LoggerFactory set up below.
        var context = new Mock<TaskOrchestrationContext> { CallBase = true };
        context.SetupGet(c => c.InstanceId).Returns(instanceId);
        context.SetupGet(c => c.IsReplaying).Returns(false);
        context.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        return context;
    }

    public static bool Is(TaskName name, string expected) => name.Name == expected;
}
