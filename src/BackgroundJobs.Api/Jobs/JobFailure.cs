using BackgroundJobs.Core.Jobs;
using Microsoft.DurableTask;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// Where a failed job failed. The engine keeps the chain of failures: the orchestrator's own, and,
/// when an activity or sub-orchestration failed it, that task's failure as the inner one. The
/// framework names the task in the wrapping message (<c>Task 'SendEmailBatchActivity' (#3) failed
/// with an unhandled exception: ...</c>), so the task is read from there and the error type and
/// message from the first failure below the wrappers: the exception the task (or the orchestrator) threw.
/// </summary>
/// <param name="Task">The activity or sub-orchestration that failed, or null when the orchestrator itself threw.</param>
/// <param name="ErrorType">The type of the exception at the root of the failure.</param>
/// <param name="ErrorMessage">Its message.</param>
public sealed record JobFailure(string? Task, string ErrorType, string ErrorMessage)
{
    /// <summary>
    /// How many attempts <see cref="Task"/> made before its retries ended (1 when it was not retried);
    /// null when the orchestrator itself threw, or when the count was not recorded.
    /// </summary>
    public int? Attempts { get; init; }

    /// <summary>The root error as a job's <c>error</c>: its type and message, without the task.</summary>
    public JobError ToError() => new(ErrorType, ErrorMessage);

    public static JobFailure From(TaskFailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        string? task = null;
        var root = failure;

        // Down through the engine's wrappers only: the exception a task threw is the root, not the
        // causes it carries itself (an InvalidDataException "not UTF-8" over a DecoderFallbackException).
        while (InstanceFailure.TaskNameIn(root.ErrorMessage) is { } name)
        {
            task = name;
            if (root.InnerFailure is null)
            {
                break;
            }

            root = root.InnerFailure;
        }

        return new JobFailure(task, root.ErrorType, root.ErrorMessage);
    }
}
