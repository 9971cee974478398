namespace BackgroundJobs.Client.Jobs;

/// <summary>Where a failed job failed: the task (null when the orchestrator itself threw), and the root error.</summary>
public sealed record JobFailure(string? Task, string ErrorType, string ErrorMessage, int? Attempts);
