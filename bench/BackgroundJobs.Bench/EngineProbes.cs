using Microsoft.DurableTask;

namespace BackgroundJobs.Bench;

/// <summary>
/// Orchestrations that measure the engine itself, with activities that do nothing, so the figures
/// are the engine's cost (scheduling, history, queues) and not any job's work.
/// </summary>
internal static class EngineProbes
{
    public static DurableTaskRegistry AddEngineProbes(this DurableTaskRegistry registry) =>
        registry.AddOrchestrator<FanOutProbe>().AddActivity<NoOpProbeActivity>();

    /// <summary>Fans out to <c>input</c> activities at once and waits for all of them.</summary>
    internal sealed class FanOutProbe : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
        {
            ArgumentNullException.ThrowIfNull(context);
            var results = await Task.WhenAll(Enumerable.Range(0, input).Select(i => context.CallActivityAsync<int>(nameof(NoOpProbeActivity), i)));
            return results.Length;
        }
    }

    internal sealed class NoOpProbeActivity : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input);
    }
}
