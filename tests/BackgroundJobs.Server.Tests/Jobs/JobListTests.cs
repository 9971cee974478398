using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.JobTypes.BulkEmail;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace BackgroundJobs.Server.Tests.Jobs;

/// <summary>
/// <see cref="JobList"/> against an engine that answers in no particular order and honours only the
/// time and status filters, as Azure Storage does: jobs spread over years come out newest first.
/// </summary>
public sealed class JobListTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    // The list keeps only instances of registered job types: register bulk e-mail as a host would,
    // rather than depend on another test in this process having started a server first.
    public JobListTests() => JobTypeRegistry.Add(BulkEmailJob.Descriptor);

    [Fact]
    public async Task List_JobsSpreadOverYears_PagesNewestFirst_AndAsksOnlyForSlicesWithoutInputs()
    {
        // Ages from seconds to years; two jobs share a creation time, and each job has a notification instance.
        var ages = new[] { 0.001, 0.5, 0.5, 3, 30, 200, 2_000, 9_000, 20_000, 30_000 };
        var jobs = ages.Select((hours, i) => Instance(nameof(BulkEmailOrchestrator), $"job-{i:D2}", Now.AddHours(-hours))).ToList();
        var notifications = jobs.Select(j => Instance("JobNotificationOrchestrator", j.InstanceId + ":notify:evt_1", j.CreatedAt)).ToList();
        var engine = new ShuffledEngine([.. jobs, .. notifications]);

        var listed = new List<OrchestrationMetadata>();
        JobListCursor? cursor = null;
        var pages = 0;
        do
        {
            var page = await JobList.ListAsync(engine.Client, new JobFilter(null, null, null, null), 3, cursor, Now);
            listed.AddRange(page.Items);
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(4, pages);
        var expected = jobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.InstanceId, StringComparer.Ordinal).Select(j => j.InstanceId);
        Assert.Equal(expected, listed.Select(j => j.InstanceId));
        Assert.All(engine.Queries, q => Assert.False(q.FetchInputsAndOutputs));
        Assert.All(engine.Queries, q => Assert.NotNull(q.CreatedFrom));
    }

    [Fact]
    public async Task List_FirstPageOfManyRecentJobs_ScansOnlyTheFirstSlice()
    {
        var recent = Enumerable.Range(0, 50).Select(i => Instance(nameof(BulkEmailOrchestrator), $"new-{i:D2}", Now.AddMinutes(-i))).ToList();
        var old = Enumerable.Range(0, 50).Select(i => Instance(nameof(BulkEmailOrchestrator), $"old-{i:D2}", Now.AddDays(-10 - i))).ToList();
        var engine = new ShuffledEngine([.. recent, .. old]);

        var page = await JobList.ListAsync(engine.Client, new JobFilter(null, null, null, null), 10, null, Now);

        Assert.Equal(recent.Take(10).Select(j => j.InstanceId), page.Items.Select(j => j.InstanceId));
        Assert.NotNull(page.Next);
        Assert.Single(engine.Queries);
    }

    private static OrchestrationMetadata Instance(string name, string id, DateTimeOffset created) =>
        new(name, id) { CreatedAt = created, LastUpdatedAt = created, RuntimeStatus = OrchestrationRuntimeStatus.Failed };

    /// <summary>A client whose instance queries filter by time and status and return pages of 4 in a scrambled order.</summary>
    private sealed class ShuffledEngine
    {
        private readonly List<OrchestrationMetadata> instances;

        public ShuffledEngine(IEnumerable<OrchestrationMetadata> all)
        {
            instances = [.. all.OrderBy(i => i.InstanceId.GetHashCode(StringComparison.Ordinal))];
            var client = new Mock<DurableTaskClient>("fake");
            client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>())).Returns((OrchestrationQuery query) => Query(query));
            Client = client.Object;
        }

        public DurableTaskClient Client { get; }

        public List<OrchestrationQuery> Queries { get; } = [];

        private AsyncPageable<OrchestrationMetadata> Query(OrchestrationQuery query)
        {
            Queries.Add(query);
            var matching = instances
                .Where(i => (query.CreatedFrom is null || i.CreatedAt >= query.CreatedFrom) && (query.CreatedTo is null || i.CreatedAt <= query.CreatedTo))
                .Where(i => query.Statuses is null || query.Statuses.Contains(i.RuntimeStatus))
                .ToList();
            return Pageable.Create((string? token, int? size, CancellationToken _) =>
            {
                var start = token is null ? 0 : int.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
                var items = matching.Skip(start).Take(4).ToList();
                var next = start + 4 < matching.Count ? (start + 4).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
                return Task.FromResult(new Page<OrchestrationMetadata>(items, next));
            });
        }
    }
}
