using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.Api.Http;

/// <summary>
/// RFC 9457 problem documents. Every client error names the field it is about in <c>errors</c>,
/// keyed by the JSON path of the field (<c>recipients[3].email</c>) or the header name.
/// </summary>
public static class Problems
{
    public static IResult Validation(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request is not valid.", type: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1");

    public static IResult Field(string field, string message, int statusCode = StatusCodes.Status400BadRequest, string? title = null) =>
        Results.Problem(
            statusCode: statusCode,
            title: title ?? "The request is not valid.",
            detail: $"{field}: {message}",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: what);
}
