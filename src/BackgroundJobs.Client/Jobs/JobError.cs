namespace BackgroundJobs.Client.Jobs;

/// <summary>Why a job did not complete: the error's type and message.</summary>
public sealed record JobError(string Type, string Message);
