using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.JobTypes.Reports;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.TestHelpers.Fakes;

namespace BackgroundJobs.JobTypes.Tests.Reports;

public class EmailDeliveryReportSourceTests
{
    private static readonly JobRun Run = new("bulk-1", "run1");
    private static readonly ReportRequest Request = new() { Report = ReportNames.EmailDelivery, JobId = "bulk-1", BulkEmailRun = "run1" };

    private readonly InMemoryBlobStore blobs = new();

    private async Task StoreBatchAsync(int index, int recipients, EmailBatchOutcome? outcome)
    {
        await blobs.WriteJsonAsync(BlobNames.EmailBatch(Run, index), Enumerable.Range(0, recipients).Select(i => new EmailRecipient($"b{index}r{i}@example.com", $"Name {i}")).ToList());
        // The send claim the job leaves beside each batch: the report must not count it as a batch.
        await blobs.TryCreateJsonAsync(BlobNames.EmailBatchClaim(Run, index), new { claimedAt = DateTimeOffset.UnixEpoch });
        if (outcome is not null)
        {
            await blobs.WriteJsonAsync(BlobNames.EmailBatchOutcome(Run, index), outcome);
        }
    }

    private async Task<List<IReadOnlyList<string?>>> ReadAllAsync(EmailDeliveryReportSource source)
    {
        var rows = new List<IReadOnlyList<string?>>();
        foreach (var start in await source.SplitAsync(Request))
        {
            for (string? token = start; token is not null;)
            {
                var page = await source.ReadPageAsync(Request, token);
                Assert.InRange(page.Rows.Count, 0, ReportLimits.RowsPerPage);
                rows.AddRange(page.Rows);
                token = page.NextPageToken;
            }
        }

        return rows;
    }

    [Fact]
    public async Task Pages_EveryRecipientOnce_WithItsBatchOutcome_ThenTheInvalidRows()
    {
        await StoreBatchAsync(0, 3, new EmailBatchOutcome(0, 3, Sent: true, StatusCode: 202));
        await StoreBatchAsync(1, 3, new EmailBatchOutcome(1, 3, Sent: false, StatusCode: 400, Error: "bad from"));
        await StoreBatchAsync(2, 1, outcome: null);
        await blobs.WriteJsonAsync(BlobNames.InvalidRecipients(Run), new List<InvalidRecipient> { new(4, "nobody", "email is not a valid e-mail address.") });

        var rows = await ReadAllAsync(new EmailDeliveryReportSource(blobs));

        Assert.Equal(8, rows.Count);
        Assert.Equal(["b0r0@example.com", "Name 0", "sent", "0", "202", null], rows[0]);
        Assert.Equal(["b1r2@example.com", "Name 2", "failed", "1", "400", "bad from"], rows[5]);
        Assert.Equal("not-sent", rows[6][2]);
        Assert.Equal(["nobody", null, "invalid", null, null, "row 4: email is not a valid e-mail address."], rows[7]);
    }

    [Fact]
    public async Task Split_ManyBatches_IsARangePerPageUpToTheLimit_AndPagesStayWithinTheRowLimit()
    {
        for (var i = 0; i < 45; i++)
        {
            await StoreBatchAsync(i, 1000, new EmailBatchOutcome(i, 1000, Sent: true, StatusCode: 202));
        }

        var source = new EmailDeliveryReportSource(blobs);
        var starts = await source.SplitAsync(Request);
        var rows = await ReadAllAsync(source);

        // 10 batches of 1,000 make a page; 45 batches are 5 pages, one range each.
        Assert.Equal(5, starts.Count);
        Assert.Equal(45_000, rows.Count);
        Assert.Equal(45_000, rows.Select(r => r[0]).Distinct().Count());
    }

    [Fact]
    public async Task Pages_ManyInvalidRows_ArePagedFromTheirOffset()
    {
        var invalid = Enumerable.Range(1, ReportLimits.RowsPerPage + 5).Select(i => new InvalidRecipient(i + 1, $"bad{i}", "no @")).ToList();
        await blobs.WriteJsonAsync(BlobNames.InvalidRecipients(Run), invalid);

        var rows = await ReadAllAsync(new EmailDeliveryReportSource(blobs));

        Assert.Equal(invalid.Select(i => i.Email), rows.Select(r => r[0]));
    }

    [Fact]
    public async Task ReadPageAsync_AMissingBatch_IsAnIOException_SoThePartIsRetried()
    {
        await StoreBatchAsync(0, 1, null);
        var source = new EmailDeliveryReportSource(blobs);
        var start = Assert.Single(await source.SplitAsync(Request));
        blobs.Blobs.TryRemove(BlobNames.EmailBatch(Run, 0), out _);

        await Assert.ThrowsAsync<IOException>(() => source.ReadPageAsync(Request, start));
    }
}
