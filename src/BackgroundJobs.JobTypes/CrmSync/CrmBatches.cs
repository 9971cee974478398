using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>Reading a stored batch, and recording every record of it as failed.</summary>
internal static class CrmBatches
{
    public static async Task<List<CrmBatchRecord>> ReadAsync(IBlobStore blobs, CrmBatchInput input) =>
        await blobs.ReadJsonAsync<List<CrmBatchRecord>>(CrmBlobNames.Batch(input.Run, input.Segment, input.Batch))
            ?? throw new InvalidJobInputException($"Batch {input.Segment}/{input.Batch} of run {input.Run} is missing.");

    public static List<CrmRecordError> AllFailed(IEnumerable<CrmBatchRecord> records, string error) =>
        records.Select(r => new CrmRecordError(r.Line, r.Contact.ExternalId, error)).ToList();
}
