using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// What a type's validator decides: start <see cref="Request"/> (the one it was given, or that one
/// completed with what the server looked up, as a report adds the run it reads), or refuse it with the
/// errors by JSON path of the field and the status to answer: 400, or 409 when the request is right
/// but the job it names is not ready. Made with <see cref="JobRequestVerdict.Accept"/> or <see cref="JobRequestVerdict.Of"/>.
/// </summary>
public sealed record JobRequestVerdict<TRequest>(TRequest Request, Dictionary<string, string[]> Errors, int Status);

/// <summary>Makes a <see cref="JobRequestVerdict{TRequest}"/>.</summary>
public static class JobRequestVerdict
{
    public static JobRequestVerdict<TRequest> Accept<TRequest>(TRequest request) => new(request, new(StringComparer.Ordinal), StatusCodes.Status202Accepted);

    /// <summary>Refuses with these errors and status; no errors means the request may start.</summary>
    public static JobRequestVerdict<TRequest> Of<TRequest>(TRequest request, Dictionary<string, string[]> errors, int status = StatusCodes.Status400BadRequest) =>
        errors is { Count: > 0 } ? new(request, errors, status) : Accept(request);
}
