using BackgroundJobs.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary><c>DELETE /api/jobs/{id}</c>: <c>204</c> when the job is purged, <c>409</c> while it runs, <c>404</c> for none.</summary>
public sealed class PurgeJobEndpoint(JobPurger purger)
{
    public async Task<IResult> PurgeAsync(DurableTaskClient client, string id, CancellationToken cancellationToken = default) =>
        await purger.PurgeAsync(client, id, cancellationToken) switch
        {
            PurgeOutcome.NotFound => Problems.NotFound($"There is no job '{id}'."),
            PurgeOutcome.Running => Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The job is running.",
                detail: $"Job '{id}' or its notifications are still running; cancel it, or wait until it ends, before purging it."),
            _ => Results.NoContent(),
        };
}
