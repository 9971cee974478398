using System.Text.Json;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// Reads one line of the input file as an item (the format is in docs/jobs/inference.md):
/// chat <c>{"id":"a","prompt":"..."}</c> or <c>{"id":"a","messages":[{"role":"user","content":"..."}]}</c>;
/// embeddings <c>{"id":"a","input":"..."}</c>. <c>id</c> is optional and echoed in the result;
/// other properties are ignored. A line that is no item gives an error for that item alone.
/// </summary>
public static class InferenceItemParser
{
    public const string PromptPlaceholder = "{{prompt}}";

    private const int MaxIdLength = 200;

    public static InferenceItem Parse(InferenceSettings settings, string? line)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (line is null)
        {
            return InferenceItem.Invalid(null, $"the line is longer than {InferenceLimits.MaxLineBytes} bytes.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            return InferenceItem.Invalid(null, $"the line is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return InferenceItem.Invalid(null, "the line must be a JSON object.");
            }

            string? id = null;
            if (root.TryGetProperty("id", out var idValue))
            {
                id = idValue.ValueKind switch
                {
                    JsonValueKind.String => idValue.GetString(),
                    JsonValueKind.Number => idValue.GetRawText(),
                    _ => null,
                };
                if (id is null || id.Length > MaxIdLength)
                {
                    return InferenceItem.Invalid(null, $"id must be a string or a number of at most {MaxIdLength} characters.");
                }
            }

            var (call, error) = settings.Mode == InferenceModes.Embeddings ? Embedding(settings, root) : Chat(settings, root);
            return new InferenceItem(id, call, error);
        }
    }

    private static (InferenceCall?, string?) Embedding(InferenceSettings settings, JsonElement root)
    {
        if (!root.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.String || input.GetString() is not { Length: > 0 } text)
        {
            return (null, "an embeddings item needs \"input\": a non-empty string.");
        }

        return (new InferenceCall(InferenceModes.Embeddings, settings.Model, Input: text), null);
    }

    private static (InferenceCall?, string?) Chat(InferenceSettings settings, JsonElement root)
    {
        var hasPrompt = root.TryGetProperty("prompt", out var prompt);
        var hasMessages = root.TryGetProperty("messages", out var messages);
        if (hasPrompt == hasMessages)
        {
            return (null, "a chat item needs exactly one of \"prompt\" (a string) and \"messages\" (an array of {role, content}).");
        }

        var list = new List<InferenceMessage>();
        if (settings.SystemPrompt is { Length: > 0 } system)
        {
            list.Add(new InferenceMessage("system", system));
        }

        if (hasPrompt)
        {
            if (prompt.ValueKind != JsonValueKind.String || prompt.GetString() is not { Length: > 0 } text)
            {
                return (null, "\"prompt\" must be a non-empty string.");
            }

            var content = settings.PromptTemplate is { } template ? template.Replace(PromptPlaceholder, text, StringComparison.Ordinal) : text;
            list.Add(new InferenceMessage("user", content));
        }
        else
        {
            if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            {
                return (null, "\"messages\" must be a non-empty array of {role, content}.");
            }

            var index = 0;
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind != JsonValueKind.Object
                    || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String
                    || !InferenceMessage.Roles.Contains(role.GetString())
                    || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                {
                    return (null, $"messages[{index}] must be {{\"role\": \"system\" | \"user\" | \"assistant\", \"content\": a string}}.");
                }

                list.Add(new InferenceMessage(role.GetString()!, content.GetString()!));
                index++;
            }
        }

        return (new InferenceCall(InferenceModes.Chat, settings.Model, list, MaxTokens: settings.MaxTokens, Temperature: settings.Temperature), null);
    }
}
