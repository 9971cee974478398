using System.Text.Json;
using System.Text.Json.Nodes;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// A job's input as an operator may see it: values of keys that name a secret are replaced, and
/// URLs lose their query string and user info, where signatures and tokens travel.
/// </summary>
public static class InputRedaction
{
    public const string Redacted = "[redacted]";

    private static readonly string[] SecretKeyParts = ["apikey", "api_key", "password", "secret", "token", "authorization", "credential", "signature"];

    public static JsonElement? Redact(string? serializedInput)
    {
        if (string.IsNullOrEmpty(serializedInput))
        {
            return null;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(serializedInput);
        }
        catch (JsonException)
        {
            return null;
        }

        return JsonSerializer.SerializeToElement(Redact(node));
    }

    private static JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    obj[key] = IsSecretKey(key) && value is not null ? JsonValue.Create(Redacted) : Redact(value?.DeepClone());
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Redact(array[i]?.DeepClone());
                }

                return array;
            case JsonValue value when value.TryGetValue<string>(out var text) && StripUrl(text) is { } stripped:
                return JsonValue.Create(stripped);
            default:
                return node;
        }
    }

    private static bool IsSecretKey(string key)
    {
        var normalized = key.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        return SecretKeyParts.Any(part => normalized.Contains(part, StringComparison.Ordinal));
    }

    // Only absolute http(s) URLs that carry a query or user info are rewritten; other text stays as it is.
    private static string? StripUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || (uri.Query.Length == 0 && uri.UserInfo.Length == 0))
        {
            return null;
        }

        return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            + (uri.Query.Length == 0 ? string.Empty : "?" + Redacted);
    }
}
