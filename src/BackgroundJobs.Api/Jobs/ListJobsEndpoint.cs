using System.Globalization;
using BackgroundJobs.Api.Http;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// <c>GET /api/jobs?status=&amp;type=&amp;createdFrom=&amp;createdTo=&amp;pageSize=&amp;continuationToken=</c>:
/// jobs newest first (see <see cref="JobList"/>), each with its error summary. A bad value is a
/// problem document naming the parameter. A failed or canceled job that was retried names its
/// retry (<c>retriedBy</c>), so a client can show that and offer no second retry.
/// </summary>
public sealed class ListJobsEndpoint(TimeProvider time, IBlobStore blobs)
{
    public async Task<IResult> ListAsync(HttpRequest request, DurableTaskClient client, ManagementLinkFactory links, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(links);
        var query = request.Query;
        if (query.Keys.FirstOrDefault(k => !Parameters.Contains(k)) is { } unknown)
        {
            return Problems.Field(unknown, $"is not a parameter of this list; use {string.Join(", ", Parameters)}.");
        }

        if (query.Keys.FirstOrDefault(k => query[k].Count > 1) is { } repeated)
        {
            return Problems.Field(repeated, "may be given once.");
        }

        var (filter, problem) = JobFilterReader.Read(
            Value(query, "status"),
            Value(query, "type"),
            Value(query, "createdFrom"),
            Value(query, "createdTo"));
        if (problem is not null)
        {
            return problem;
        }

        var pageSize = JobList.DefaultPageSize;
        if (Value(query, "pageSize") is { } size
            && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > JobList.MaxPageSize))
        {
            return Problems.Field("pageSize", $"must be a whole number from 1 to {JobList.MaxPageSize}.");
        }

        JobListCursor? after = null;
        if (Value(query, "continuationToken") is { } token && (after = JobListCursor.TryDecode(token)) is null)
        {
            return Problems.Field("continuationToken", "is not a token this list returned.");
        }

        var page = await JobList.ListAsync(client, filter!, pageSize, after, time.GetUtcNow(), cancellationToken);
        var items = await Task.WhenAll(page.Items.Select(i => WithRetryAsync(JobQueries.ToView(i, links(i.InstanceId).StatusQueryGetUri)!, cancellationToken)));
        return Results.Ok(new JobListView(items, page.Next?.Encode()));
    }

    // Only a failed or canceled job can have been retried: one small blob read for each of those on the page.
    private async Task<JobView> WithRetryAsync(JobView view, CancellationToken cancellationToken) =>
        view.Status is JobStatus.Failed or JobStatus.Canceled
            ? view with { RetriedBy = (await blobs.ReadJsonAsync<JobRetryLink>(BlobNames.JobRetriedBy(view.Id), cancellationToken))?.NewJobId }
            : view;

    private static readonly string[] Parameters = ["status", "type", "createdFrom", "createdTo", "pageSize", "continuationToken", "code"];

    // The Functions host's key may come as ?code=; it is the host's business, not a filter.
    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}

/// <summary>The body of <c>GET /api/jobs</c>: a page of jobs and, when there are more, the token for the next.</summary>
public sealed record JobListView(IReadOnlyList<JobView> Items, string? ContinuationToken);
