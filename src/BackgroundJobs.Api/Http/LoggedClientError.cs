using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Api.Http;

/// <summary>
/// A problem answer to bad input, logged as it is sent: one Warning line naming the method, path,
/// status and the fields at fault, without a stack trace (nothing went wrong on the server). The
/// field messages are not logged, as they can quote what the client sent.
/// </summary>
internal sealed class LoggedClientError(IResult problem, int statusCode, IReadOnlyList<string> fields) : IResult, IStatusCodeHttpResult
{
    public const string LogCategory = "BackgroundJobs.Api.ClientErrors";

    public int? StatusCode => statusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var logger = httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        Logs.RequestRefused(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? string.Empty, statusCode, string.Join(", ", fields));
        return problem.ExecuteAsync(httpContext);
    }
}
