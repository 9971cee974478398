using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Inference;

/// <summary>The <c>{JobTypes.Inference}</c> job type: what a host adds with its registration line.</summary>
public static class InferenceJob
{
    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<InferenceRequest, InferenceResult, InferenceOrchestrator>(
        JobTypes.Inference,
        channels => new InferenceOrchestrator(channels),
        registry => registry
            .AddActivity<PrepareInferenceActivity>()
            .AddActivity<RunInferenceChunkActivity>()
            .AddActivity<FailInferenceChunkActivity>()
            .AddActivity<CompleteInferenceActivity>(),
        requires: ["Inference:BaseUrl"]);
}
