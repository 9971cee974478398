using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.Api.Http;

/// <summary>
/// RFC 9457 problem documents. Every client error names the field it is about in <c>errors</c>,
/// keyed by the JSON path of the field (<c>recipients[3].email</c>) or the header name, and is
/// logged once at Warning naming those fields (<see cref="LoggedClientError"/>).
/// </summary>
public static class Problems
{
    public static IResult Validation(IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new LoggedClientError(
            Results.ValidationProblem(errors, title: "The request is not valid.", type: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1"),
            StatusCodes.Status400BadRequest,
            [.. errors.Keys]);
    }

    public static IResult Field(string field, string message, int statusCode = StatusCodes.Status400BadRequest, string? title = null) =>
        new LoggedClientError(UnloggedField(field, message, statusCode, title), statusCode, [field]);

    /// <summary>For a caller that logs the error itself, with more than the field's name.</summary>
    internal static IResult UnloggedField(string field, string message, int statusCode, string? title) =>
        Results.Problem(
            statusCode: statusCode,
            title: title ?? "The request is not valid.",
            detail: $"{field}: {message}",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: what);
}
