namespace BackgroundJobs.Core.Retry;

/// <summary>
/// A task whose retries ended: how many attempts it made before the retry handler gave up, so that
/// a failed job can say how hard it tried (the engine's failure record does not carry the count).
/// </summary>
/// <param name="InstanceId">The orchestration that ran the task (the job's own, or one of its sub-instances).</param>
/// <param name="Task">The activity or sub-orchestration.</param>
/// <param name="Attempts">Attempts made, the last one included.</param>
/// <param name="ErrorType">The last attempt's error type.</param>
/// <param name="At">When the handler gave up (the orchestration's time).</param>
public sealed record TaskGaveUp(string InstanceId, string Task, int Attempts, string ErrorType, DateTime At);
