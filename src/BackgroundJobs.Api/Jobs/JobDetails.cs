using BackgroundJobs.Api.Http;
using BackgroundJobs.Api.ResultFiles;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// <c>GET /api/jobs/{id}</c> for an operator: the job as <see cref="JobQueries"/> shows it, plus its
/// result files, where a failed job failed, the input of a failed or canceled job (secrets redacted),
/// and its retry links.
/// </summary>
public sealed class JobDetails(IBlobStore blobs, JobResultLinks results, JobStatusReader statusReader)
{
    public async Task<IResult> GetAsync(DurableTaskClient client, ManagementLinkFactory links, HttpRequest request, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        var view = await FindAsync(client, links, request, id, cancellationToken);
        return view is null ? Problems.NotFound($"There is no job '{id}'.") : Results.Ok(view);
    }

    public async Task<JobView?> FindAsync(DurableTaskClient client, ManagementLinkFactory links, HttpRequest request, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        // A running job is read without its input and output: clients poll it.
        var instance = ResultNames.IsValidJobId(id) ? await statusReader.ReadAsync(client, id, cancellationToken) : null;
        if (instance is null || JobQueries.ToView(instance, links(id).StatusQueryGetUri) is not { } view)
        {
            return null;
        }

        var ended = view.Status is JobStatus.Failed or JobStatus.Canceled;
        return view with
        {
            Files = results.For(request, view.Id, view.Result),
            Failure = view.Failure is { } failure ? await WithAttemptsAsync(view.Id, failure, cancellationToken) : null,
            Input = ended ? InputRedaction.Redact(await StoredRequests.ReadWholeAsync(blobs, instance.SerializedInput, cancellationToken)) : null,
            RetryOf = (await blobs.ReadJsonAsync<JobRetryLink>(BlobNames.JobRetryOf(id), cancellationToken))?.OldJobId,
            RetriedBy = (await blobs.ReadJsonAsync<JobRetryLink>(BlobNames.JobRetriedBy(id), cancellationToken))?.NewJobId,
        };
    }

    /// <summary>The failing task's attempts, as its retry handler recorded them when it gave up.</summary>
    private async Task<JobFailure> WithAttemptsAsync(string jobId, JobFailure failure, CancellationToken cancellationToken)
    {
        if (failure.Task is not { } task)
        {
            return failure;
        }

        var gaveUp = await blobs.ReadJsonAsync<TaskGaveUp>(BlobNames.JobTaskAttempts(jobId, task), cancellationToken);
        return failure with { Attempts = gaveUp?.Attempts };
    }
}
