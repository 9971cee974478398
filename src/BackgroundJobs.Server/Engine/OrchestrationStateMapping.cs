using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Engine;

/// <summary>Translates the framework's instance state into the client SDK's metadata.</summary>
internal static class OrchestrationStateMapping
{
    public static OrchestrationMetadata ToMetadata(OrchestrationState state, DataConverter converter, bool includeInputsAndOutputs)
    {
        var failed = state.OrchestrationStatus == OrchestrationStatus.Failed;
        return new OrchestrationMetadata(state.Name, state.OrchestrationInstance.InstanceId)
        {
            DataConverter = converter,
            RuntimeStatus = ToRuntimeStatus(state.OrchestrationStatus),
            CreatedAt = AsUtc(state.CreatedTime),
            LastUpdatedAt = AsUtc(state.LastUpdatedTime),
            SerializedInput = includeInputsAndOutputs ? state.Input : null,
            SerializedOutput = includeInputsAndOutputs && !failed ? state.Output : null,
            SerializedCustomStatus = state.Status,
            Tags = state.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(state.Tags),
            FailureDetails = failed ? ToFailure(state) : null,
        };
    }

    public static OrchestrationRuntimeStatus ToRuntimeStatus(OrchestrationStatus status) => status switch
    {
        OrchestrationStatus.Running => OrchestrationRuntimeStatus.Running,
        OrchestrationStatus.Completed => OrchestrationRuntimeStatus.Completed,
        // An instance that continued as new is running its next generation.
        OrchestrationStatus.ContinuedAsNew => OrchestrationRuntimeStatus.Running,
        OrchestrationStatus.Failed => OrchestrationRuntimeStatus.Failed,
        OrchestrationStatus.Terminated or OrchestrationStatus.Canceled => OrchestrationRuntimeStatus.Terminated,
        OrchestrationStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
        _ => OrchestrationRuntimeStatus.Pending,
    };

    public static OrchestrationStatus ToCoreStatus(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Running => OrchestrationStatus.Running,
        OrchestrationRuntimeStatus.Completed => OrchestrationStatus.Completed,
        OrchestrationRuntimeStatus.Failed => OrchestrationStatus.Failed,
        OrchestrationRuntimeStatus.Terminated => OrchestrationStatus.Terminated,
        OrchestrationRuntimeStatus.Suspended => OrchestrationStatus.Suspended,
        _ => OrchestrationStatus.Pending,
    };

    private static TaskFailureDetails ToFailure(OrchestrationState state) =>
        state.FailureDetails is { } details
            ? ToFailure(details)
            : new TaskFailureDetails("OrchestrationFailed", state.Output ?? "The orchestration failed.", null, null, null);

    private static TaskFailureDetails ToFailure(FailureDetails details) =>
        new(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailure is { } inner ? ToFailure(inner) : null, null);

    private static DateTimeOffset AsUtc(DateTime time) =>
        time == default ? default : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
