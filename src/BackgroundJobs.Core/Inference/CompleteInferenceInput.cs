using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Inference;

public sealed record CompleteInferenceInput(JobRun Run, string Mode, string Model, int Chunks, InferenceCounts Counts);
