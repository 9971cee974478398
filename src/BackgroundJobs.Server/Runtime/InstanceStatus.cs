using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Runtime;

/// <summary>
/// The body of the built-in status URL, in the shape Durable Functions answers with, so a client
/// written for Functions reads it unchanged. <c>input</c>, <c>customStatus</c> and <c>output</c> are
/// always there, <c>null</c> when empty or not shown: the npm <c>durable-functions</c> client refuses a
/// body without them. <c>historyEvents</c> is there only when asked for.
/// </summary>
internal sealed record InstanceStatus(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? Input,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? CustomStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? Output,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    JsonArray? HistoryEvents = null)
{
    public static InstanceStatus From(OrchestrationMetadata instance, bool showInput, JsonArray? historyEvents = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
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
            instance.LastUpdatedAt,
            historyEvents);
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
