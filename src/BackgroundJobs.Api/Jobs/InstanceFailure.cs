using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// Why an instance ended badly, read from whichever shape the engine kept it in. Every reader of a
/// failed or canceled job (status, list, SSE, reports, the dashboard through them) reads it here.
/// </summary>
/// <remarks>
/// The server's engine fills <see cref="OrchestrationMetadata.FailureDetails"/>. The Durable Functions
/// extension on Azure Storage does not: it stores the failure as the instance's output, as the text
/// <c>{ErrorType}: {ErrorMessage}</c> (DurableTask.Core's <c>FailureDetails.ToString()</c>), which
/// <see cref="Parse"/> reads back. When the orchestrator rethrew a failed task, the message is the
/// framework's <c>Task 'X' (#n) failed with an unhandled exception: {inner message}</c>, so the task
/// and the inner message come from there; the inner error's type is not in the text.
/// </remarks>
public static partial class InstanceFailure
{
    /// <summary>The type of the exception an orchestrator sees when a task it awaited failed.</summary>
    public const string TaskFailedExceptionType = "Microsoft.DurableTask.TaskFailedException";

    /// <summary>The type given to a failure whose text names none (the server's engine uses the same).</summary>
    public const string UnnamedErrorType = "OrchestrationFailed";

    /// <summary>The failure of a failed instance, or null when it did not fail or the failure was not fetched.</summary>
    public static TaskFailureDetails? Read(OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.FailureDetails
            ?? (instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? Parse(instance.SerializedOutput) : null);
    }

    /// <summary>
    /// The reason a terminated instance was given. The server keeps the text as it was given; the
    /// Functions client serializes it first, so there it is a JSON string (<c>"\"testing cancel\""</c>).
    /// </summary>
    public static string? TerminateReason(OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return string.IsNullOrEmpty(instance.SerializedOutput) ? null : UnquoteJsonString(instance.SerializedOutput);
    }

    /// <summary>
    /// A failure stored as text, as <see cref="TaskFailureDetails"/>: the type is the text before the
    /// first <c>": "</c> when that is a type name, the message the rest. A failed task's wrapping
    /// message gets its inner message as <see cref="TaskFailureDetails.InnerFailure"/>, nested as deep
    /// as the text goes (a sub-orchestration whose activity failed), so <see cref="JobFailure.From"/>
    /// finds the task and the root message as it does with the engine's own details.
    /// </summary>
    public static TaskFailureDetails? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = UnquoteJsonString(text);
        var split = TypeAndMessage().Match(text);
        return split.Success
            ? WithInner(split.Groups["type"].Value, split.Groups["message"].Value)
            : WithInner(UnnamedErrorType, text);
    }

    /// <summary>The name of the task a framework message says failed, or null.</summary>
    public static string? TaskNameIn(string? message) =>
        message is not null && TaskFailed().Match(message) is { Success: true } match ? match.Groups["name"].Value : null;

    private static TaskFailureDetails WithInner(string type, string message)
    {
        var match = TaskFailed().Match(message);
        TaskFailureDetails? inner = null;
        if (match.Success && match.Groups["inner"].Success)
        {
            // The inner message is the failed task's own: its type is not in the text, so the
            // wrapper's stands for it; a nested task failure wraps again.
            inner = WithInner(TaskFailedExceptionType, match.Groups["inner"].Value);
        }

        return new TaskFailureDetails(type, message, null, inner, null);
    }

    private static string UnquoteJsonString(string text)
    {
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return text;
        }

        try
        {
            return JsonSerializer.Deserialize<string>(text) ?? text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    // A .NET type name (namespace-qualified or not, nested with '+', generic arity with '`'); a
    // prefix with a space in it is part of a message, not a type.
    [GeneratedRegex(@"\A(?<type>[\p{L}_][\p{L}\p{Nd}_`]*(?:[.+][\p{L}_][\p{L}\p{Nd}_`]*)*): (?<message>[\s\S]*)\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex TypeAndMessage();

    // durabletask-dotnet's TaskFailedException message: "Task 'X' (#3) failed with an unhandled exception: inner",
    // or ending in "." when the inner failure had no message.
    [GeneratedRegex(@"\A(?:Task|Sub-orchestration) '(?<name>[^']{1,200})' \(#\d+\) failed(?: with an unhandled exception(?:: (?<inner>[\s\S]*))?)?", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex TaskFailed();
}
