using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// Records every record of a batch whose retries are spent as failed, with the last error, so the
/// error report lists them and the sync goes on with the next batch.
/// </summary>
public sealed class FailCrmBatchActivity(IBlobStore blobs) : TaskActivity<CrmBatchInput, CrmBatchOutcome>
{
    public override async Task<CrmBatchOutcome> RunAsync(TaskActivityContext context, CrmBatchInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var records = await CrmBatches.ReadAsync(blobs, input);
        await blobs.WriteJsonAsync(
            CrmBlobNames.BatchErrors(input.Run, input.Segment, input.Batch),
            CrmBatches.AllFailed(records, $"retries exhausted: {input.Error}"));
        var outcome = new CrmBatchOutcome(records.Count, 0, 0, records.Count);
        await blobs.WriteJsonAsync(CrmBlobNames.BatchOutcome(input.Run, input.Segment, input.Batch), outcome);
        return outcome;
    }
}
