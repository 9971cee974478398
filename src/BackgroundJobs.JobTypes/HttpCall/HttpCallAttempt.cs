using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.HttpCall;

/// <summary>The input of <see cref="SendHttpCallActivity"/>: the run (where the answer goes) and the request.</summary>
public sealed record HttpCallAttempt(JobRun Run, HttpCallRequest Request);
