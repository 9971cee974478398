using BackgroundJobs.Api.Monitoring;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Telemetry;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace BackgroundJobs.Server.Tests.Telemetry;

public sealed class PendingJobsFromClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Now);
    private readonly Mock<DurableTaskClient> client = new("test");
    private readonly List<OrchestrationQuery?> queries = [];

    public PendingJobsFromClientTests()
    {
        // The probe counts the registered types' orchestrators: register bulk e-mail as a host would,
        // rather than depend on another test in this process having started a server first.
        JobTypeRegistry.Add(BulkEmailJob.Descriptor);
        OrchestrationMetadata[] pending =
        [
            new(nameof(BulkEmailOrchestrator), "job-a") { CreatedAt = Now.AddSeconds(-10), RuntimeStatus = OrchestrationRuntimeStatus.Pending },
            new(nameof(BulkEmailOrchestrator), "job-b") { CreatedAt = Now.AddSeconds(-30), RuntimeStatus = OrchestrationRuntimeStatus.Pending },

            // A chunk is part of a job, not a job waiting to start.
            new(nameof(SendEmailChunkOrchestrator), "job-c:chunk:0") { CreatedAt = Now.AddMinutes(-5), RuntimeStatus = OrchestrationRuntimeStatus.Pending },
        ];
        client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Callback<OrchestrationQuery?>(queries.Add)
            .Returns(Pageable.Create((string? _, int? _, CancellationToken _) => Task.FromResult(new Page<OrchestrationMetadata>(pending, null))));
    }

    [Fact]
    public async Task GetAsync_CountsPendingJobs_AndTheOldestAge_LeavingOutSubInstances()
    {
        using var probe = new PendingJobsFromClient(client.Object, time);

        var snapshot = Assert.IsType<PendingJobsSnapshot>(await probe.GetAsync());

        Assert.Equal((2L, TimeSpan.FromSeconds(30)), (snapshot.Count, snapshot.OldestAge));
        Assert.Equal([OrchestrationRuntimeStatus.Pending], Assert.Single(queries)!.Statuses!);
    }

    [Fact]
    public async Task GetAsync_WithinTheCacheTime_ListsOnce_AndAfterItListsAgain()
    {
        using var probe = new PendingJobsFromClient(client.Object, time);

        await probe.GetAsync();
        time.Advance(PendingJobsFromClient.CacheFor - TimeSpan.FromSeconds(1));
        var cached = Assert.IsType<PendingJobsSnapshot>(await probe.GetAsync());
        Assert.Single(queries);
        Assert.Equal(TimeSpan.FromSeconds(30), cached.OldestAge);

        time.Advance(TimeSpan.FromSeconds(2));
        var fresh = Assert.IsType<PendingJobsSnapshot>(await probe.GetAsync());
        Assert.Equal(2, queries.Count);
        Assert.Equal(TimeSpan.FromSeconds(30) + PendingJobsFromClient.CacheFor + TimeSpan.FromSeconds(1), fresh.OldestAge);
    }
}
