using System.Net.Http.Headers;
using System.Text.Json;

namespace BackgroundJobs.Client.Http;

/// <summary>Turns an unsuccessful answer into <see cref="BackgroundJobsApiException"/>, from its problem document when it has one.</summary>
internal static class ProblemReader
{
    public static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<BackgroundJobsApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!IsJson(response.Content.Headers.ContentType) || string.IsNullOrWhiteSpace(body))
        {
            // A proxy or the host itself (a 401 without a body) may answer without a problem document.
            return new BackgroundJobsApiException(response.StatusCode, response.ReasonPhrase, string.IsNullOrWhiteSpace(body) ? null : body, null, null);
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return new BackgroundJobsApiException(response.StatusCode, Text(root, "title") ?? response.ReasonPhrase, Text(root, "detail"), Text(root, "type"), Errors(root));
        }
        catch (JsonException)
        {
            return new BackgroundJobsApiException(response.StatusCode, response.ReasonPhrase, body, null, null);
        }
    }

    private static bool IsJson(MediaTypeHeaderValue? contentType) =>
        contentType?.MediaType is { } media && (media == "application/json" || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, IReadOnlyList<string>>? Errors(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var fields = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var field in errors.EnumerateObject())
        {
            fields[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                ? field.Value.EnumerateArray().Select(m => m.ToString()).ToList()
                : [field.Value.ToString()];
        }

        return fields;
    }
}
