using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Inference;

public sealed record PrepareInferenceInput(JobRun Run, InferenceRequest Request);
