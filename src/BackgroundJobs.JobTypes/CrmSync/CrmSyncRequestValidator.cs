using BackgroundJobs.Api.Notifications;
using BackgroundJobs.Api.Uploads;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// Checks a CRM sync request before anything is started or stored. Errors are keyed by the field's
/// JSON path. The file must exist, be a <c>.csv</c> or <c>.jsonl</c> upload, and its first line must
/// parse: a CSV header with an <c>externalId</c> column, or a JSON object with an <c>externalId</c>.
/// </summary>
public sealed class CrmSyncRequestValidator(IBlobStore blobs, JobRequestValidator jobRequest)
{
    public async Task<Dictionary<string, string[]>> ValidateAsync(CrmSyncRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors.TryAdd(field, [message]);

        await CheckBlobAsync(request.Blob, Add, cancellationToken);

        if (request.BatchesPerSegment is { } batches && batches is < 1 or > CrmSyncLimits.MaxBatchesPerSegment)
        {
            Add("batchesPerSegment", $"must be between 1 and {CrmSyncLimits.MaxBatchesPerSegment}.");
        }

        if (request.Checkpoint is not null)
        {
            Add("checkpoint", "is set by the job itself when it continues; leave it out.");
        }

        await jobRequest.ValidateAsync(request, Add, cancellationToken);
        return errors;
    }

    private async Task CheckBlobAsync(string? blob, Action<string, string> add, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(blob))
        {
            add("blob", "is required: the name returned by POST /api/uploads.");
            return;
        }

        if (!BlobNames.IsValidUploadName(blob))
        {
            add("blob", "must be a name returned by POST /api/uploads (uploads/...).");
            return;
        }

        if (CrmRecordParser.FormatOf(blob) is not { } format)
        {
            add("blob", "must be a CSV (uploaded as text/csv) or JSON lines (application/x-ndjson) file.");
            return;
        }

        var firstLine = await UploadedFirstLine.ReadAsync(blobs, blob, cancellationToken);
        if (firstLine is null)
        {
            add("blob", $"'{blob}' does not exist; upload the file with POST /api/uploads first.");
            return;
        }

        var error = format == CrmRecordFormat.Csv
            ? CrmRecordParser.ParseCsvHeader(firstLine).Error
            : CrmRecordParser.Parse(format, null, firstLine).Error;
        if (error is not null)
        {
            add("blob", $"the first line cannot be used: {error}");
        }
    }
}
