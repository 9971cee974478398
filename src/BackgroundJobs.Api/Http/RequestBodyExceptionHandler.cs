using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Api.Http;

/// <summary>
/// A request body that never arrives in full is the client's problem, not the server's: Kestrel
/// throws while a handler reads it (its minimum data rate tripped on a stalled body: 408; the
/// client ended its side short of the <c>Content-Length</c>: 400; over the size limit: 413; the
/// connection reset). Without this the exception handler answered 500 and logged a stack trace at
/// Error. It now answers a problem naming <c>body</c> with Kestrel's status, when the connection can
/// still carry one, and logs one line at Warning, without a stack trace. Every route that reads a body is covered,
/// whichever reader it uses, because this sits in the exception handler they all pass through.
/// </summary>
public sealed class RequestBodyExceptionHandler(ILogger<RequestBodyExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        var (status, reason) = Classify(httpContext, exception);
        if (status is null)
        {
            return false;
        }

        var request = httpContext.Request;
        Logs.RequestBodyNotReceived(logger, request.Method, request.Path.Value ?? string.Empty, status.Value, reason);
        if (httpContext.RequestAborted.IsCancellationRequested)
        {
            // Nobody is left to read an answer; 499 is what the access log shows for it.
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        var title = status == StatusCodes.Status408RequestTimeout ? "Request body timeout." : "Request body incomplete.";
        await Problems.UnloggedField("body", reason, status.Value, title).ExecuteAsync(httpContext);
        return true;
    }

    private static (int? Status, string Reason) Classify(HttpContext httpContext, Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status408RequestTimeout:
                    return (bad.StatusCode, "was not received in time: it arrived slower than the server's minimum data rate.");
                case BadHttpRequestException bad:
                    return (bad.StatusCode, $"was not received in full: {bad.Message}");
                case ConnectionResetException or ConnectionAbortedException:
                    return (StatusCodes.Status400BadRequest, "was not received in full: the client closed the connection.");
                case OperationCanceledException or IOException when httpContext.RequestAborted.IsCancellationRequested:
                    return (StatusCodes.Status400BadRequest, "was not received in full: the client closed the connection.");
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    return Classify(httpContext, aggregate.InnerExceptions[0]);
            }
        }

        return (null, string.Empty);
    }
}
