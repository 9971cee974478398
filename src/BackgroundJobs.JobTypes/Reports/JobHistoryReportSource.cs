using System.Globalization;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>
/// job-history: every job created in the range, newest first, read a page at a time through
/// <see cref="JobList"/> (the lister behind <c>GET /api/jobs</c>) within each slice of the range.
/// A page token is the slice and, after its first page, the list cursor where the last page ended.
/// </summary>
public sealed class JobHistoryReportSource(DurableTaskClient client, TimeProvider time) : IReportSource
{
    /// <summary>Jobs per page: <see cref="JobList"/> keeps a page sorted in memory, so this stays well below <see cref="ReportLimits.RowsPerPage"/>.</summary>
    public const int PageSize = 1_000;

    public string Name => ReportNames.JobHistory;

    public IReadOnlyList<ReportColumn> Columns => JobHistoryReport.Columns;

    public Task<IReadOnlyList<string>> SplitAsync(ReportRequest request, CancellationToken cancellationToken = default)
    {
        var (from, to) = JobHistoryReport.RangeOf(request);
        return Task.FromResult(JobHistoryReport.Split(from, to));
    }

    public async Task<ReportPage> ReadPageAsync(ReportRequest request, string pageToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pageToken);
        if (!JobHistoryReport.TryParse(pageToken, out var start, out var end, out var cursorToken))
        {
            throw new InvalidJobInputException($"'{pageToken}' is no job-history page.");
        }

        JobListCursor? after = null;
        if (cursorToken is not null && (after = JobListCursor.TryDecode(cursorToken)) is null)
        {
            throw new InvalidJobInputException($"'{pageToken}' is no job-history page.");
        }

        // The slice is [start, end): the list's bounds are inclusive, so it ends a tick early.
        var filter = new JobFilter(Status: null, Type: null, CreatedFrom: start, CreatedTo: end.AddTicks(-1));
        var page = await JobList.ListAsync(client, filter, PageSize, after, time.GetUtcNow(), cancellationToken);
        var rows = page.Items.Select(Row).ToList();
        var next = page.Next is { } cursor ? JobHistoryReport.WithCursor(start, end, cursor.Encode()) : null;
        return new ReportPage(rows, next);
    }

    private static IReadOnlyList<string?> Row(OrchestrationMetadata instance)
    {
        var view = JobQueries.ToView(instance, string.Empty)!;
        var ended = view.Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Canceled;
        return
        [
            view.Id,
            view.Type,
            view.Status.ToString().ToLowerInvariant(),
            Time(view.CreatedAt),
            ended ? Time(view.LastUpdatedAt) : null,
            ended ? (view.LastUpdatedAt - view.CreatedAt).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) : null,
            view.Error?.Type,
            view.Error?.Message,
        ];
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
