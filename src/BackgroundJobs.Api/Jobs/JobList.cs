using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// Lists jobs newest first, a page at a time, without ever holding more than a page in memory.
/// </summary>
/// <remarks>
/// Neither engine returns instances by creation time: Azure Storage pages the Instances table in
/// partition-key (instance id) order, the in-memory engine in its own order. So each page is the
/// top <c>pageSize</c> of a bounded scan: the engine is asked, page by page and without inputs or
/// outputs, for the instances created in a time slice that ends at the cursor, while a sorted set
/// keeps only the newest <c>pageSize + 1</c>. If the slice held too few jobs, the next, older slice
/// is scanned, each slice 8 times as long as the last (1 hour, 8 hours, 2.7 days, ...). Slices are
/// disjoint and ordered, so once a slice leaves the set full the page is final. Memory stays
/// O(pageSize) whatever the store holds; the cost is a scan of the recent slices per page (on
/// Azure Storage a server-side table query per slice). A time-ordered index in blob storage would
/// make deep pages cheaper, at the price of a second write on every start that can disagree with
/// the engine; the engine stays the one source of truth here.
/// </remarks>
public static class JobList
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    private const int EnginePageSize = 100;
    private const int SliceGrowth = 8;
    private static readonly TimeSpan FirstSlice = TimeSpan.FromHours(1);

    // Another instance of the app may stamp a job a little ahead of this one's clock.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    // A slice's bounds are widened by this when asking the engine, so that a store that rounds
    // creation times or treats a bound as exclusive still returns the jobs on it; the exact bounds
    // are applied here.
    private static readonly TimeSpan BoundSlack = TimeSpan.FromMilliseconds(1);

    public static async Task<JobListPage> ListAsync(
        DurableTaskClient client,
        JobFilter filter,
        int pageSize,
        JobListCursor? after,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var newest = new SortedSet<OrchestrationMetadata>(NewestFirst.Instance);
        var floor = filter.CreatedFrom ?? DateTimeOffset.UnixEpoch;
        var sliceEnd = Min(filter.CreatedTo ?? now + ClockSkew, after?.CreatedAt ?? DateTimeOffset.MaxValue);
        var length = FirstSlice;
        while (sliceEnd >= floor)
        {
            var sliceStart = sliceEnd - floor > length ? sliceEnd - length : floor;
            var query = new OrchestrationQuery
            {
                CreatedFrom = sliceStart - BoundSlack,
                CreatedTo = sliceEnd + BoundSlack,
                Statuses = filter.EngineStatuses,
                PageSize = EnginePageSize,
                FetchInputsAndOutputs = false,
            };
            await foreach (var page in client.GetAllInstancesAsync(query).AsPages(pageSizeHint: EnginePageSize).WithCancellation(cancellationToken))
            {
                foreach (var instance in page.Values)
                {
                    if (instance.CreatedAt >= sliceStart && instance.CreatedAt <= sliceEnd && filter.Matches(instance)
                        && (after is null || after.IsBefore(instance.CreatedAt, instance.InstanceId)))
                    {
                        newest.Add(instance);
                        if (newest.Count > pageSize + 1)
                        {
                            newest.Remove(newest.Max!);
                        }
                    }
                }
            }

            if (newest.Count > pageSize || sliceStart <= floor)
            {
                break;
            }

            // The next slice ends where this one started; a job exactly on the bound is in both and the set keeps it once.
            sliceEnd = sliceStart;
            length = length * SliceGrowth > TimeSpan.FromDays(365 * 100) ? length : length * SliceGrowth;
        }

        var items = newest.Take(pageSize).ToList();
        var next = newest.Count > pageSize ? new JobListCursor(items[^1].CreatedAt, items[^1].InstanceId) : null;
        return new JobListPage(items, next);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed class NewestFirst : IComparer<OrchestrationMetadata>
    {
        public static readonly NewestFirst Instance = new();

        public int Compare(OrchestrationMetadata? x, OrchestrationMetadata? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var byTime = y.CreatedAt.CompareTo(x.CreatedAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(y.InstanceId, x.InstanceId);
        }
    }
}

/// <param name="Next">Where the next page starts, or null when this is the last.</param>
public sealed record JobListPage(IReadOnlyList<OrchestrationMetadata> Items, JobListCursor? Next);
