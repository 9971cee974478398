using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// Syncs an uploaded file of contacts to the CRM, one segment per orchestration generation: read
/// the segment from the cursor into batch blobs, upsert its batches (a few at a time, each with
/// retries; a batch whose retries are spent is recorded as failed), add up the counts, then
/// continue as new with the cursor and the totals. History therefore stays at one segment's size
/// however large the file. The last generation writes the error report and the summary.
/// </summary>
public sealed class CrmSyncOrchestrator(JobEventChannels channels) : JobOrchestrator<CrmSyncRequest, CrmSyncResult>(channels)
{
    public const string StageSyncing = "syncing";
    public const string StageCompleting = "completing";
    public const string StageCompleted = "completed";

    protected override async Task<CrmSyncResult> RunJobAsync(TaskOrchestrationContext context, CrmSyncRequest input)
    {
        var checkpoint = input.Checkpoint ?? new CrmSyncCheckpoint(context.NewGuid().ToString("N")[..12], 0, 0, 0, CrmSyncTotals.Zero);
        var run = new JobRun(context.InstanceId, checkpoint.RunId);
        var logger = context.CreateReplaySafeLogger<CrmSyncOrchestrator>();
        context.SetCustomStatus(Progress(StageSyncing, checkpoint.Totals, checkpoint.Totals.Records, checkpoint.ByteOffset, checkpoint.FileBytes));

        var segment = await context.CallActivityAsync<CrmSegment>(
            nameof(ReadCrmSegmentActivity),
            new ReadCrmSegmentInput(run, input.Blob!, checkpoint.Segment, checkpoint.ByteOffset, checkpoint.Line, input.BatchesPerSegment ?? CrmSyncLimits.DefaultBatchesPerSegment),
            JobRetry.Options(BackoffPolicy.Default, $"{nameof(ReadCrmSegmentActivity)}/{checkpoint.Segment}"));

        var totals = checkpoint.Totals.AddInvalid(segment.Invalid);
        var inFlight = new List<Task<CrmBatchOutcome>>();
        for (var batch = 0; batch < segment.Batches; batch++)
        {
            if (inFlight.Count >= CrmSyncLimits.ParallelBatches)
            {
                totals = await FinishOneAsync(context, inFlight, totals, checkpoint.Totals.Records + segment.Records + segment.Invalid, segment);
            }

            inFlight.Add(UpsertAsync(context, new CrmBatchInput(run, checkpoint.Segment, batch)));
        }

        while (inFlight.Count > 0)
        {
            totals = await FinishOneAsync(context, inFlight, totals, checkpoint.Totals.Records + segment.Records + segment.Invalid, segment);
        }

        CrmSyncLogs.CrmSegmentSynced(logger, run.JobId, checkpoint.Segment, segment.Records, segment.Invalid, segment.NextByteOffset);
        if (!segment.EndOfFile)
        {
            return ContinueAsNew(context, input with
            {
                Checkpoint = new CrmSyncCheckpoint(run.RunId, checkpoint.Segment + 1, segment.NextByteOffset, segment.NextLine, totals, segment.FileBytes),
            });
        }

        context.SetCustomStatus(Progress(StageCompleting, totals, totals.Records, segment.NextByteOffset, segment.FileBytes));
        var result = await context.CallActivityAsync<CrmSyncResult>(
            nameof(CompleteCrmSyncActivity),
            new CompleteCrmSyncInput(run, totals, checkpoint.Segment + 1),
            JobRetry.Options(BackoffPolicy.Default, nameof(CompleteCrmSyncActivity)));
        context.SetCustomStatus(Progress(StageCompleted, totals, totals.Records, segment.NextByteOffset, segment.FileBytes));
        CrmSyncLogs.CrmSyncFinished(logger, run.JobId, result.Created, result.Updated, result.Failed, result.Segments);
        return result;
    }

    private static async Task<CrmSyncTotals> FinishOneAsync(TaskOrchestrationContext context, List<Task<CrmBatchOutcome>> inFlight, CrmSyncTotals totals, long recordsRead, CrmSegment segment)
    {
        totals = totals.Add(await InFlight.TakeNextAsync(inFlight));
        context.SetCustomStatus(Progress(StageSyncing, totals, recordsRead, segment.NextByteOffset, segment.FileBytes));
        return totals;
    }

    // Retries spent: the batch's records are recorded as failed, and the sync goes on.
    private static Task<CrmBatchOutcome> UpsertAsync(TaskOrchestrationContext context, CrmBatchInput batch) =>
        PartFailure.CallOrRecordFailureAsync<CrmBatchInput, CrmBatchOutcome>(
            context,
            nameof(UpsertCrmBatchActivity),
            nameof(FailCrmBatchActivity),
            batch,
            BackoffPolicy.Default,
            $"{batch.Segment}/{batch.Batch}",
            (failed, error) => failed with { Error = error });

    // Progress counts records synced. Their total is known once the file is read to its end; until then
    // it is estimated from the records read so far and the share of the file they took, where the
    // store knows the file's size (else it is 0).
    private static JobProgress Progress(string stage, CrmSyncTotals totals, long recordsRead, long bytesRead, long? fileBytes)
    {
        var records = totals.Records;
        var total = stage != StageSyncing ? records
            : fileBytes is > 0 && bytesRead > 0 ? Math.Max(recordsRead, (long)Math.Round(recordsRead * (double)fileBytes.Value / bytesRead))
            : 0;
        return new(stage, (int)Math.Min(int.MaxValue, records), (int)Math.Min(int.MaxValue, total), new Dictionary<string, long>
        {
            ["records"] = totals.Records,
            ["created"] = totals.Created,
            ["updated"] = totals.Updated,
            ["failed"] = totals.Failed,
        });
    }
}
