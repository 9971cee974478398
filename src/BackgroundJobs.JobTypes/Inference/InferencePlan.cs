namespace BackgroundJobs.JobTypes.Inference;

/// <summary>The file split into chunks, and the job's concurrency shared out among them.</summary>
public sealed record InferencePlan(string Mode, string Model, int Items, int ChunksInFlight, int RequestsPerChunk, IReadOnlyList<InferenceChunk> Chunks);
