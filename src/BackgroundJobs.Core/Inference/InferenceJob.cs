using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Inference;

/// <summary>The <c>inference</c> job type: what a host adds with its registration line.</summary>
public static class InferenceJob
{
    public const string Name = "inference";

    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<InferenceRequest, InferenceResult, InferenceOrchestrator>(
        Name,
        channels => new InferenceOrchestrator(channels),
        registry => registry
            .AddActivity<PrepareInferenceActivity>()
            .AddActivity<RunInferenceChunkActivity>()
            .AddActivity<FailInferenceChunkActivity>()
            .AddActivity<CompleteInferenceActivity>());
}
