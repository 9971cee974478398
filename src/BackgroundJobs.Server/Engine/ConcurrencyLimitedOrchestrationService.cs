using DurableTask.Core;

namespace BackgroundJobs.Server.Engine;

/// <summary>
/// Hands every call to the inner service but sets how many work items run at once. The in-memory
/// service ties both limits to the processor count (2 here), which would cap a bulk e-mail's
/// parallel batches at 2 whatever the job asks for; <c>Engine:MaxConcurrent*</c> decide instead.
/// </summary>
internal sealed class ConcurrencyLimitedOrchestrationService(IOrchestrationService inner, int maxActivities, int maxOrchestrations)
    : ForwardingOrchestrationService(inner)
{
    public override int MaxConcurrentTaskOrchestrationWorkItems => maxOrchestrations;

    public override int MaxConcurrentTaskActivityWorkItems => maxActivities;
}
