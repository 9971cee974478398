using BackgroundJobs.Api.Http;
using BackgroundJobs.Core.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// <c>POST /api/jobs/{id}/cancel</c> with an optional body <c>{ "reason", "requestedBy" }</c>:
/// <c>202</c> when the job was running and is now canceled (or already being canceled), <c>409</c>
/// when it had already finished, <c>404</c> when there is no such job.
/// </summary>
public sealed class CancelJobEndpoint(JobCanceller canceller)
{
    public const int MaxReasonLength = 500;
    public const int MaxRequestedByLength = 200;

    public async Task<IResult> CancelAsync(HttpRequest request, DurableTaskClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CancelRequest? body = null;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (value, problem) = await JsonBody.ReadAsync<CancelRequest>(request, cancellationToken: cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            body = value;
        }

        if ((Check("reason", body?.Reason, MaxReasonLength) ?? Check("requestedBy", body?.RequestedBy, MaxRequestedByLength)) is { } invalid)
        {
            return invalid;
        }

        var result = await canceller.CancelAsync(client, id, body?.Reason, body?.RequestedBy, cancellationToken);
        var jobUri = JobUris.Job(request, id);
        return result.Outcome switch
        {
            CancelOutcome.NotFound => Problems.NotFound($"There is no job '{id}'."),
            CancelOutcome.AlreadyFinished => Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The job has already finished.",
                detail: $"Job '{id}' is no longer running, so it cannot be canceled."),
            _ => Results.Accepted(jobUri, new
            {
                Id = id,
                Status = "canceled",
                result.Cancellation?.Reason,
                result.Cancellation?.RequestedBy,
                CanceledAt = result.Cancellation?.At,
                JobUri = jobUri,
            }),
        };
    }

    private static IResult? Check(string field, string? value, int maxLength) =>
        value is not null && (value.Length > maxLength || !TextRules.IsSafeSingleLine(value))
            ? Problems.Field(field, $"must be at most {maxLength} characters with no control characters.")
            : null;

    private sealed record CancelRequest(string? Reason, string? RequestedBy);
}
