using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Jobs;

/// <summary>Why a job did not complete: the error's type and message, as the engine recorded them.</summary>
public sealed record JobError(string Type, string Message)
{
    /// <summary>
    /// The error as a client should see it. A failed activity or sub-orchestration reaches the
    /// orchestrator wrapped in <see cref="TaskFailedException"/>; its failure details name the cause.
    /// </summary>
    public static JobError From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception is TaskFailedException { FailureDetails: { } details }
            ? new JobError(details.ErrorType, details.ErrorMessage)
            : new JobError(exception.GetType().FullName ?? exception.GetType().Name, exception.Message);
    }
}
