using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.Inference;

public sealed record CompleteInferenceInput(JobRun Run, string Mode, string Model, int Chunks, InferenceCounts Counts);
