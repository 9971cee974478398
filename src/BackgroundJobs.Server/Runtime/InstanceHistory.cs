using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core;
using DurableTask.Core.History;

namespace BackgroundJobs.Server.Runtime;

/// <summary>
/// The <c>historyEvents</c> of a status body, shaped as the Durable Functions HTTP API reference
/// shows them, from the engine's own serialized history (PascalCase, enums as numbers): event types
/// and orchestration statuses by name; an activity's or sub-orchestration's scheduling folded into
/// its completion (<c>FunctionName</c>, <c>ScheduledTime</c>); the orchestrator's own episode
/// markers, event ids and replay flags left out; results only with <c>showHistoryOutput</c>, inputs
/// only with <c>showInput</c>.
/// </summary>
internal static class InstanceHistory
{
    // Engine bookkeeping that says nothing to a reader of the history (trace context, correlation, versions).
    private static readonly string[] Internal =
        ["EventId", "IsPlayed", "OrchestrationInstance", "ParentInstance", "Version", "Tags", "ParentTraceContext", "Correlation", "ClientSpanId", "Generation"];

    public static JsonArray Shape(string engineHistory, bool showOutput, bool showInput)
    {
        ArgumentNullException.ThrowIfNull(engineHistory);
        var source = JsonNode.Parse(engineHistory) as JsonArray ?? [];
        var events = source.OfType<JsonObject>().ToList();

        // Scheduling events by their event id, so that the completion that names them can take them in.
        var scheduled = new Dictionary<(EventType, long), JsonObject>();
        foreach (var item in events)
        {
            if (TypeOf(item) is EventType.TaskScheduled or EventType.SubOrchestrationInstanceCreated && Number(item["EventId"]) is { } id)
            {
                scheduled[(TypeOf(item)!.Value, id)] = item;
            }
        }

        // A scheduling event that its completion takes in is shown once, in the completion.
        var folded = new HashSet<JsonObject>(ReferenceEqualityComparer.Instance);
        foreach (var item in events)
        {
            if (SchedulingOf(item, scheduled) is { } scheduling)
            {
                folded.Add(scheduling);
            }
        }

        var result = new JsonArray();
        foreach (var item in events)
        {
            var type = TypeOf(item);
            if (type is EventType.OrchestratorStarted or EventType.OrchestratorCompleted || folded.Contains(item))
            {
                continue;
            }

            var copy = (JsonObject)item.DeepClone();
            switch (type)
            {
                case EventType.ExecutionStarted:
                    Rename(copy, "Name", "FunctionName");
                    break;
                case EventType.TaskCompleted or EventType.TaskFailed or EventType.SubOrchestrationInstanceCompleted or EventType.SubOrchestrationInstanceFailed:
                    Fold(copy, SchedulingOf(item, scheduled), showInput);
                    Result(copy, showOutput && type is EventType.TaskCompleted or EventType.SubOrchestrationInstanceCompleted);
                    break;
                case EventType.ExecutionCompleted:
                    if (Number(copy["OrchestrationStatus"]) is { } status && Enum.IsDefined((OrchestrationStatus)status))
                    {
                        copy["OrchestrationStatus"] = ((OrchestrationStatus)status).ToString();
                    }

                    Result(copy, showOutput);
                    break;
                case EventType.TimerFired:
                    copy.Remove("TimerId");
                    break;
            }

            if (type is { } known)
            {
                copy["EventType"] = known.ToString();
            }

            foreach (var name in Internal)
            {
                copy.Remove(name);
            }

            if (!showInput)
            {
                copy.Remove("Input");
            }

            result.Add(copy);
        }

        return result;
    }

    // The TaskScheduled or SubOrchestrationInstanceCreated event a completion or failure answers.
    private static JsonObject? SchedulingOf(JsonObject item, Dictionary<(EventType, long), JsonObject> scheduled)
    {
        var schedulingType = TypeOf(item) switch
        {
            EventType.TaskCompleted or EventType.TaskFailed => EventType.TaskScheduled,
            EventType.SubOrchestrationInstanceCompleted or EventType.SubOrchestrationInstanceFailed => EventType.SubOrchestrationInstanceCreated,
            _ => (EventType?)null,
        };
        return schedulingType is { } type && Number(item["TaskScheduledId"]) is { } id && scheduled.TryGetValue((type, id), out var scheduling)
            ? scheduling
            : null;
    }

    private static void Fold(JsonObject completion, JsonObject? scheduling, bool showInput)
    {
        if (scheduling is not null)
        {
            completion["FunctionName"] = scheduling["Name"]?.DeepClone();
            completion["ScheduledTime"] = scheduling["Timestamp"]?.DeepClone();
            if (showInput)
            {
                completion["Input"] = scheduling["Input"]?.DeepClone();
            }
        }

        completion.Remove("TaskScheduledId");
    }

    // A result is stored as JSON text; shown, it is the JSON itself, as the instance's output is.
    private static void Result(JsonObject item, bool show)
    {
        if (!show)
        {
            item.Remove("Result");
            return;
        }

        if (item["Result"] is JsonValue value && value.TryGetValue<string>(out var text))
        {
            try
            {
                item["Result"] = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Not JSON (a terminate reason, an old serializer's text): shown as the text it is.
            }
        }
    }

    private static void Rename(JsonObject item, string from, string to)
    {
        if (item[from] is { } value)
        {
            item.Remove(from);
            item[to] = value;
        }
    }

    private static EventType? TypeOf(JsonObject item) =>
        item["EventType"] switch
        {
            JsonValue v when v.TryGetValue<int>(out var n) && Enum.IsDefined((EventType)n) => (EventType)n,
            JsonValue v when v.TryGetValue<string>(out var s) && Enum.TryParse<EventType>(s, out var parsed) => parsed,
            _ => null,
        };

    private static long? Number(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;
}
