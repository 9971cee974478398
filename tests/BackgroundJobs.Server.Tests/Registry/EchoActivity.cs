using Microsoft.DurableTask;

namespace BackgroundJobs.Server.Tests.Registry;

/// <summary>The test type's own activity: it runs only if the type's task registration reached the engine.</summary>
public sealed class EchoActivity : TaskActivity<EchoRequest, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, EchoRequest input) =>
        Task.FromResult(string.Concat(Enumerable.Repeat(input?.Text ?? string.Empty, input?.Times ?? 0)));
}
