using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>One chunk to run, with its share of the job's concurrency; <see cref="Error"/> is set only when its retries are spent.</summary>
public sealed record InferenceChunkInput(JobRun Run, string Blob, InferenceChunk Chunk, int RequestsInFlight, string? Error = null);
