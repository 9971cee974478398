using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Runtime;

/// <summary>
/// The body of the built-in status URL, in the shape Durable Functions answers with, so a client
/// written for Functions reads it unchanged.
/// </summary>
internal sealed record InstanceStatus(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    JsonNode? Input,
    JsonNode? CustomStatus,
    JsonNode? Output,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime)
{
    public static InstanceStatus From(OrchestrationMetadata instance, bool showInput)
    {
        // A terminate reason is stored as the text itself, not as JSON: "42" is a reason, not a number.
        var output = instance.FailureDetails is { } failure
            ? JsonValue.Create($"{failure.ErrorType}: {failure.ErrorMessage}")
            : instance.RuntimeStatus == OrchestrationRuntimeStatus.Terminated && instance.SerializedOutput is { } reason
                ? JsonValue.Create(reason)
                : Parse(instance.SerializedOutput);
        return new InstanceStatus(
            instance.Name,
            instance.InstanceId,
            instance.RuntimeStatus.ToString(),
            showInput ? Parse(instance.SerializedInput) : null,
            Parse(instance.SerializedCustomStatus),
            output,
            instance.CreatedAt,
            instance.LastUpdatedAt);
    }

    private static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
