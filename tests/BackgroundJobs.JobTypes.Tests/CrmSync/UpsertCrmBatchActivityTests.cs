using BackgroundJobs.JobTypes.CrmSync;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace BackgroundJobs.JobTypes.Tests.CrmSync;

public class UpsertCrmBatchActivityTests
{
    private static readonly JobRun Run = new("job-1", "run1");
    private static readonly CrmBatchInput Batch = new(Run, 0, 0);
    private readonly InMemoryBlobStore store = new();
    private readonly Mock<ICrmClient> crm = new();

    public UpsertCrmBatchActivityTests() =>
        store.WriteJsonAsync(CrmBlobNames.Batch(Run, 0, 0), new List<CrmBatchRecord>
        {
            new(2, new CrmContact("a")),
            new(3, new CrmContact("b", Email: "bad")),
            new(5, new CrmContact("c")),
        }).GetAwaiter().GetResult();

    private Task<CrmBatchOutcome> RunAsync() =>
        new UpsertCrmBatchActivity(store, crm.Object, NullLogger<UpsertCrmBatchActivity>.Instance).RunAsync(null!, Batch);

    private void CrmAnswers(CrmUpsertResult result) =>
        crm.Setup(c => c.UpsertAsync(It.IsAny<IReadOnlyList<CrmContact>>(), It.IsAny<CancellationToken>())).ReturnsAsync(result);

    [Fact]
    public async Task RunAsync_PerRecordAnswers_AreCounted_AndFailuresStoredWithLineAndReason()
    {
        CrmAnswers(new CrmUpsertResult(CrmUpsertOutcome.Answered, [new("a", CrmRecordStatus.Created), new("b", CrmRecordStatus.Failed, "email invalid"), new("c", CrmRecordStatus.Updated)], 200));

        var outcome = await RunAsync();

        Assert.Equal(new CrmBatchOutcome(3, 1, 1, 1), outcome);
        var errors = await store.ReadJsonAsync<List<CrmRecordError>>(CrmBlobNames.BatchErrors(Run, 0, 0));
        Assert.Equal([new CrmRecordError(3, "b", "email invalid")], errors);
    }

    [Fact]
    public async Task RunAsync_RateLimited_ThrowsTransientFailureCarryingRetryAfter_AndStoresNothing()
    {
        CrmAnswers(new CrmUpsertResult(CrmUpsertOutcome.Transient, [], 429, "slow down", TimeSpan.FromSeconds(7)));

        var failure = await Assert.ThrowsAsync<TransientFailureException>(RunAsync);

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterHint.Parse(failure.Message));
        Assert.False(store.Blobs.ContainsKey(CrmBlobNames.BatchOutcome(Run, 0, 0)));
    }

    [Fact]
    public async Task RunAsync_AgainAfterSuccess_ReturnsTheStoredOutcome_WithoutCallingTheCrmTwice()
    {
        CrmAnswers(new CrmUpsertResult(CrmUpsertOutcome.Answered, [new("a", CrmRecordStatus.Created), new("b", CrmRecordStatus.Created), new("c", CrmRecordStatus.Created)], 200));

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Equal(new CrmBatchOutcome(3, 3, 0, 0), second);
        crm.Verify(c => c.UpsertAsync(It.IsAny<IReadOnlyList<CrmContact>>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task RunAsync_BatchRefused_FailsEveryRecordWithTheCrmsReason()
    {
        CrmAnswers(new CrmUpsertResult(CrmUpsertOutcome.Rejected, [], 422, "unknown field"));

        var outcome = await RunAsync();

        Assert.Equal(new CrmBatchOutcome(3, 0, 0, 3), outcome);
        var errors = (await store.ReadJsonAsync<List<CrmRecordError>>(CrmBlobNames.BatchErrors(Run, 0, 0)))!;
        Assert.All(errors, e => Assert.Equal("the CRM refused the batch (422): unknown field", e.Error));
    }
}
