using BackgroundJobs.Api.Http;
using BackgroundJobs.Core.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// <c>POST /api/jobs/{id}/retry</c>: <c>202</c> with the new job (also when the job was retried
/// before: the same new job), <c>409</c> for a job that is not failed or canceled, <c>404</c> for
/// none. <c>POST /api/jobs/retry</c> with <c>{ "status": "failed", "type", "createdFrom",
/// "createdTo", "limit", "includeRetried" }</c> retries the failed jobs that match and were not
/// retried yet, at most <c>limit</c> (up to <see cref="MaxLimit"/>) per call, and lists old and new
/// ids. A failed job that is itself a retry is skipped unless <c>includeRetried</c> is true: its
/// original was retried once already, and a job that fails the same way again would otherwise get
/// one more retry from every call.
/// </summary>
public sealed class RetryJobEndpoints(JobRetrier retrier)
{
    public const int MaxLimit = 100;

    public async Task<IResult> RetryAsync(HttpRequest request, DurableTaskClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await retrier.RetryAsync(client, id, cancellationToken);
        return result.Outcome switch
        {
            RetryOutcome.NotFound => Problems.NotFound($"There is no job '{id}'."),
            RetryOutcome.NotConfigured => result.Refusal!,
            RetryOutcome.NotRetryable => Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Only a failed or canceled job can be retried.",
                detail: $"Job '{id}' is {result.Status?.ToString().ToLowerInvariant()}."),
            _ => Results.Accepted(JobUris.Job(request, result.NewJobId!), new RetriedJob(id, result.NewJobId!, JobUris.Job(request, result.NewJobId!))),
        };
    }

    public async Task<IResult> RetryManyAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        var (body, problem) = await JsonBody.ReadAsync<BulkRetryRequest>(request, cancellationToken: cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Status is not null && JobFilter.ParseStatus(body.Status) != JobStatus.Failed)
        {
            return Problems.Field("status", "must be failed (or left out): a bulk retry is for failed jobs.");
        }

        if (body.Limit is < 1 or > MaxLimit)
        {
            return Problems.Field("limit", $"must be from 1 to {MaxLimit}.");
        }

        var (filter, invalid) = JobFilterReader.Read("failed", body.Type, body.CreatedFrom, body.CreatedTo);
        if (invalid is not null)
        {
            return invalid;
        }

        var retried = new List<RetriedJob>();
        var limit = body.Limit ?? MaxLimit;
        var query = new OrchestrationQuery
        {
            CreatedFrom = filter!.CreatedFrom,
            CreatedTo = filter.CreatedTo,
            Statuses = filter.EngineStatuses,
            FetchInputsAndOutputs = false,
        };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (retried.Count >= limit)
            {
                break;
            }

            if (!filter.Matches(instance)
                || await retrier.WasRetriedAsync(instance.InstanceId, cancellationToken)
                || (body.IncludeRetried != true && await retrier.IsRetryAsync(instance.InstanceId, cancellationToken)))
            {
                continue;
            }

            // Another call may take the same job between the check and here; its record decides, and this call counts only what it started.
            var result = await retrier.RetryAsync(client, instance.InstanceId, cancellationToken);
            if (result.Outcome == RetryOutcome.Retried)
            {
                retried.Add(new RetriedJob(result.OldJobId, result.NewJobId!, JobUris.Job(request, result.NewJobId!)));
            }
        }

        return Results.Ok(new BulkRetryResult(retried.Count, retried));
    }

    private sealed record BulkRetryRequest(string? Status, string? Type, string? CreatedFrom, string? CreatedTo, int? Limit, bool? IncludeRetried);
}

public sealed record RetriedJob(string Id, string NewId, string NewJobUri);

public sealed record BulkRetryResult(int Count, IReadOnlyList<RetriedJob> Retried);
