using System.Text.Json;
using System.Text.Json.Serialization;
using BackgroundJobs.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.Api.Http;

/// <summary>
/// Reads a JSON request body strictly: the right content type, a size limit, no unknown or
/// duplicate properties. A failure is a problem document naming the field, never an exception.
/// </summary>
public static class JsonBody
{
    public const int DefaultMaxBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Strict = new(JobJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        MaxDepth = 16,
    };

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, int maxBytes = DefaultMaxBytes, CancellationToken cancellationToken = default)
        where T : class
    {
        var (bytes, problem) = await ReadBytesAsync(request, maxBytes, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        if (bytes.IsEmpty)
        {
            return (null, Problems.Field("body", "is empty; a JSON object is required."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes.Span, Strict);
            return value is null ? (null, Problems.Field("body", "must be a JSON object, not null.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.Field(FieldOf(ex), Describe(ex)));
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        Problems.Field("body", $"is larger than the limit of {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge, "Request body too large.");

    // application/json, UTF-8 (the only encoding RFC 8259 allows between systems); a malformed
    // header or another JSON-based type (JSON Patch, JSON-LD) is not a request this API reads.
    private static bool IsJson(string? contentType) =>
        System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
        && (parsed.CharSet is null || string.Equals(parsed.CharSet.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase));

    // "$.recipients[0].email" -> "recipients[0].email"; a syntax error before any property -> "body".
    private static string FieldOf(JsonException ex)
    {
        var path = ex.Path;
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    // The serializer's messages name .NET types; keep the first sentence, which says what is wrong.
    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>
    /// Reads any JSON value (an event's payload, which has no schema) by the same rules: the content
    /// type, the size limit, no duplicate properties, and text that is valid UTF-8 with no half of a
    /// surrogate pair, which the engine could neither store nor hand on.
    /// </summary>
    public static async Task<(JsonElement? Value, IResult? Problem)> ReadValueAsync(HttpRequest request, int maxBytes = DefaultMaxBytes, CancellationToken cancellationToken = default)
    {
        var (bytes, problem) = await ReadBytesAsync(request, maxBytes, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        if (bytes.IsEmpty)
        {
            return (null, Problems.Field("body", "is empty; a JSON value is required."));
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = Strict.MaxDepth, AllowDuplicateProperties = false });
            CheckText(document.RootElement);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.Field("body", Describe(ex)));
        }
        catch (InvalidOperationException)
        {
            return (null, Problems.Field("body", "holds text that is not valid UTF-8, or half of a surrogate pair."));
        }
    }

    // The content type, then the bytes up to the limit; the body is never trusted to be as small as it says.
    private static async Task<(ReadOnlyMemory<byte> Bytes, IResult? Problem)> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType))
        {
            return (default, Problems.Field("Content-Type", "must be application/json.", StatusCodes.Status415UnsupportedMediaType, "Unsupported media type."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (default, TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream((int)(request.ContentLength ?? 0));
        return await LimitedCopy.CopyAsync(request.Body, buffer, maxBytes, cancellationToken)
            ? (buffer.GetBuffer().AsMemory(0, (int)buffer.Length), null)
            : (default, TooLarge(maxBytes));
    }

    // Reading every name and string decodes it, which throws on invalid UTF-8 or a lone \uD800 escape.
    private static void CheckText(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CheckText(item);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    CheckText(property.Value);
                }

                break;
        }
    }
}
