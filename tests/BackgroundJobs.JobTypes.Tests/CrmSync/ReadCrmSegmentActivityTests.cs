using System.Text;
using BackgroundJobs.JobTypes.CrmSync;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.TestHelpers.Fakes;

namespace BackgroundJobs.JobTypes.Tests.CrmSync;

public class ReadCrmSegmentActivityTests
{
    private static readonly JobRun Run = new("job-1", "run1");
    private readonly InMemoryBlobStore store = new();

    public static TheoryData<bool> Seekable() => new() { true, false };

    private async Task<List<CrmSegment>> ReadAllAsync(IBlobStore blobs, string blob, int maxBatches)
    {
        var segments = new List<CrmSegment>();
        var (offset, line) = (0L, 0L);
        while (segments.Count == 0 || !segments[^1].EndOfFile)
        {
            var segment = await new ReadCrmSegmentActivity(blobs).RunAsync(null!, new ReadCrmSegmentInput(Run, blob, segments.Count, offset, line, maxBatches));
            segments.Add(segment);
            (offset, line) = (segment.NextByteOffset, segment.NextLine);
        }

        return segments;
    }

    private async Task<List<CrmBatchRecord>> StoredRecordsAsync(List<CrmSegment> segments)
    {
        var all = new List<CrmBatchRecord>();
        for (var s = 0; s < segments.Count; s++)
        {
            for (var b = 0; b < segments[s].Batches; b++)
            {
                all.AddRange((await store.ReadJsonAsync<List<CrmBatchRecord>>(CrmBlobNames.Batch(Run, s, b)))!);
            }
        }

        return all;
    }

    [Theory]
    [MemberData(nameof(Seekable))]
    public async Task RunAsync_CsvReadSegmentBySegmentFromTheCursor_StoresEveryRecordOnce_WithItsLine(bool seekable)
    {
        var csv = new StringBuilder("\uFEFFexternalId,email,Region\r\n");
        for (var i = 1; i <= 450; i++)
        {
            csv.Append($"id{i},\"user{i}@example.com\",\"North, {i}\"\r\n");
        }

        store.Blobs["uploads/a.csv"] = Encoding.UTF8.GetBytes(csv.ToString());
        IBlobStore blobs = seekable ? store : new NonSeekableBlobStore(store);

        var segments = await ReadAllAsync(blobs, "uploads/a.csv", maxBatches: 2);

        Assert.Equal([200, 200, 50], segments.Select(s => s.Records));
        Assert.Equal([2, 2, 1], segments.Select(s => s.Batches));
        var records = await StoredRecordsAsync(segments);
        Assert.Equal(Enumerable.Range(1, 450).Select(i => $"id{i}"), records.Select(r => r.Contact.ExternalId));
        Assert.Equal(Enumerable.Range(2, 450).Select(i => (long)i), records.Select(r => r.Line));
        Assert.Equal(("user450@example.com", "North, 450"), (records[^1].Contact.Email, records[^1].Contact.Fields!["Region"]));
        Assert.Equal(store.Blobs["uploads/a.csv"].Length, segments[^1].NextByteOffset);
    }

    [Fact]
    public async Task RunAsync_UnreadableLines_AreStoredAsTheSegmentsErrors_AndTheRestIsRead()
    {
        var lines = new StringBuilder();
        lines.Append("{\"externalId\":\"a\"}\n");
        lines.Append(new string('x', CrmSyncLimits.MaxLineBytes + 10)).Append('\n');
        lines.Append("{\"externalId\":42}\n");
        lines.Append("{\"externalId\":\"\"}\n");
        lines.Append("{\"externalId\":\"b\",\"email\":\"b@example.com\",\"vip\":true}");
        store.Blobs["uploads/a.jsonl"] = Encoding.UTF8.GetBytes(lines.ToString());

        var segment = (await ReadAllAsync(store, "uploads/a.jsonl", maxBatches: 5)).Single();

        Assert.Equal((3, 2), (segment.Records, segment.Invalid));
        var records = await StoredRecordsAsync([segment]);
        Assert.Equal(["a", "42", "b"], records.Select(r => r.Contact.ExternalId));
        Assert.Equal([1L, 3L, 5L], records.Select(r => r.Line));
        var errors = (await store.ReadJsonAsync<List<CrmRecordError>>(CrmBlobNames.InvalidRecords(Run, 0)))!;
        Assert.Equal([2L, 4L], errors.Select(e => e.Line));
        Assert.Contains("longer than", errors[0].Error, StringComparison.Ordinal);
        Assert.Equal("true", records[^1].Contact.Fields!["vip"]);
    }

    [Fact]
    public async Task RunAsync_CsvWithoutExternalIdColumn_FailsTheJobAsInvalidInput()
    {
        store.Blobs["uploads/a.csv"] = "id,email\n1,a@example.com\n"u8.ToArray();

        await Assert.ThrowsAsync<InvalidJobInputException>(() => ReadAllAsync(store, "uploads/a.csv", 1));
    }
}
