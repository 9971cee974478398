using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.Inference;

public sealed record PrepareInferenceInput(JobRun Run, InferenceRequest Request);
