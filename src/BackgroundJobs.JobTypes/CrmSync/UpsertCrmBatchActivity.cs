using System.Globalization;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// Sends one stored batch as one batch upsert. A transient answer (429, 5xx, timeout) throws
/// <see cref="TransientFailureException"/> with the CRM's <c>Retry-After</c> for the retry handler;
/// a refused batch (other 4xx) and per-record failures are recorded in the batch's error blob. The
/// outcome is stored, so a repeated attempt after success returns it instead of counting every
/// record again as updated.
/// </summary>
public sealed class UpsertCrmBatchActivity(IBlobStore blobs, ICrmClient crm, ILogger<UpsertCrmBatchActivity> logger)
    : TaskActivity<CrmBatchInput, CrmBatchOutcome>
{
    public override async Task<CrmBatchOutcome> RunAsync(TaskActivityContext context, CrmBatchInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outcomeBlob = CrmBlobNames.BatchOutcome(input.Run, input.Segment, input.Batch);
        if (await blobs.ReadJsonAsync<CrmBatchOutcome>(outcomeBlob) is { } recorded)
        {
            return recorded;
        }

        var records = await CrmBatches.ReadAsync(blobs, input);
        var result = await crm.UpsertAsync(records.Select(r => r.Contact).ToList());
        var status = result.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "no answer";
        if (result.Outcome == CrmUpsertOutcome.Transient)
        {
            CrmSyncLogs.CrmBatchTransient(logger, input.Run.JobId, input.Segment, input.Batch, result.StatusCode, result.RetryAfter, result.Error);
            throw new TransientFailureException($"The CRM answered {status}: {result.Error}", result.RetryAfter);
        }

        List<CrmRecordError> errors;
        var (created, updated) = (0, 0);
        if (result.Outcome == CrmUpsertOutcome.Rejected)
        {
            CrmSyncLogs.CrmBatchRejected(logger, input.Run.JobId, input.Segment, input.Batch, result.StatusCode, result.Error);
            errors = CrmBatches.AllFailed(records, $"the CRM refused the batch ({status}): {result.Error}");
        }
        else
        {
            errors = [];
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i];
                var answer = i < result.Records.Count ? result.Records[i] : null;
                if (answer is null || !string.Equals(answer.ExternalId, record.Contact.ExternalId, StringComparison.Ordinal))
                {
                    errors.Add(new CrmRecordError(record.Line, record.Contact.ExternalId, "the CRM's answer has no result for this record."));
                }
                else if (answer.Status == CrmRecordStatus.Created)
                {
                    created++;
                }
                else if (answer.Status == CrmRecordStatus.Updated)
                {
                    updated++;
                }
                else
                {
                    errors.Add(new CrmRecordError(record.Line, record.Contact.ExternalId, answer.Error ?? "failed without a reason."));
                }
            }
        }

        if (errors.Count > 0)
        {
            await blobs.WriteJsonAsync(CrmBlobNames.BatchErrors(input.Run, input.Segment, input.Batch), errors);
        }

        var outcome = new CrmBatchOutcome(records.Count, created, updated, errors.Count);
        await blobs.WriteJsonAsync(outcomeBlob, outcome);
        return outcome;
    }
}
