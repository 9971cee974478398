namespace BackgroundJobs.Samples.WordCount;

/// <summary>The job's result, stored with the job and shown as <c>result</c> in <c>GET /api/jobs/{id}</c>.</summary>
public sealed record WordCountResult(long Lines, long Words, int Chunks);
