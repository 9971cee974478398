using System.Net;

namespace BackgroundJobs.Client;

/// <summary>
/// Any answer of the API that is not a success, read from its RFC 9457 problem document:
/// the status, title, detail and the field errors (<c>errors</c>, keyed by the field's JSON path,
/// e.g. <c>recipients[3].email</c>, or a header name such as <c>Idempotency-Key</c>).
/// </summary>
public sealed class BackgroundJobsApiException : Exception
{
    public BackgroundJobsApiException()
        : this(HttpStatusCode.InternalServerError, null, null, null, null)
    {
    }

    public BackgroundJobsApiException(string message)
        : base(message)
    {
        Errors = new Dictionary<string, IReadOnlyList<string>>();
    }

    public BackgroundJobsApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, IReadOnlyList<string>>();
    }

    public BackgroundJobsApiException(HttpStatusCode status, string? title, string? detail, string? type, IReadOnlyDictionary<string, IReadOnlyList<string>>? errors)
        : base(MessageFor(status, title, detail, errors))
    {
        Status = status;
        Title = title;
        Detail = detail;
        Type = type;
        Errors = errors ?? new Dictionary<string, IReadOnlyList<string>>();
    }

    public HttpStatusCode Status { get; }

    public string? Title { get; }

    public string? Detail { get; }

    /// <summary>The problem type URI, when the server gave one.</summary>
    public string? Type { get; }

    /// <summary>The field errors: field name to its messages; empty when the problem names no field.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    private static string MessageFor(HttpStatusCode status, string? title, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>>? errors)
    {
        var message = $"{(int)status} {title ?? status.ToString()}";
        if (!string.IsNullOrEmpty(detail))
        {
            message += $" {detail}";
        }

        if (errors is { Count: > 0 })
        {
            message += " (" + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) + ")";
        }

        return message;
    }
}
