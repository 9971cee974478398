namespace BackgroundJobs.Client.Jobs;

/// <summary>Why a job did not complete: the root error's type and message (a canceled job: <c>Canceled</c> and the reason).</summary>
public sealed record JobError(string Type, string Message);
