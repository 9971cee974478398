using System.Globalization;
using System.Text.Json;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>
/// email-delivery: every recipient of one bulk e-mail job with its outcome, read from what the job
/// stored under <c>jobs/{jobId}/{runId}/</c>: each batch's recipients and its recorded outcome
/// (<c>sent</c>, <c>failed</c> with the provider's status and reason, or <c>not-sent</c> when the
/// job ended before the batch had an outcome), then the invalid rows set aside at preparation.
/// Duplicates were dropped before batching and are not listed.
/// </summary>
/// <remarks>
/// Tokens: <c>batches:{first}:{end}:{perPage}</c> reads batches <c>first</c> up to
/// <c>first + perPage</c> (never past <c>end</c>); <c>invalid:{offset}</c> reads a page of the
/// invalid rows from that offset. Batches of one range are read one after another.
/// </remarks>
public sealed class EmailDeliveryReportSource(IBlobStore blobs) : IReportSource
{
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string NotSent = "not-sent";
    public const string Invalid = "invalid";

    public string Name => ReportNames.EmailDelivery;

    public IReadOnlyList<ReportColumn> Columns { get; } =
    [
        new("email"),
        new("name"),
        new("status"),
        new("batch", ReportColumnKind.Number),
        new("statusCode", ReportColumnKind.Number),
        new("detail"),
    ];

    public async Task<IReadOnlyList<string>> SplitAsync(ReportRequest request, CancellationToken cancellationToken = default)
    {
        var run = RunOf(request);
        var batches = 0;
        var batchSize = 0;
        await foreach (var name in blobs.ListAsync($"{BlobNames.RunPrefix(run)}batches/", cancellationToken))
        {
            if (IsBatch(name))
            {
                batches++;
            }
        }

        if (batches > 0)
        {
            batchSize = (await blobs.ReadJsonAsync<List<EmailRecipient>>(BlobNames.EmailBatch(run, 0), cancellationToken))?.Count ?? 1;
        }

        var tokens = new List<string>();
        var perPage = Math.Max(1, ReportLimits.RowsPerPage / Math.Max(1, batchSize));
        var ranges = Math.Min(ReportLimits.MaxRanges - 1, (batches + perPage - 1) / perPage);
        for (var range = 0; range < ranges; range++)
        {
            var first = (int)((long)batches * range / ranges);
            var end = (int)((long)batches * (range + 1) / ranges);
            tokens.Add(string.Create(CultureInfo.InvariantCulture, $"batches:{first}:{end}:{perPage}"));
        }

        if (await blobs.ExistsAsync(BlobNames.InvalidRecipients(run), cancellationToken))
        {
            tokens.Add("invalid:0");
        }

        return tokens;
    }

    public Task<ReportPage> ReadPageAsync(ReportRequest request, string pageToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pageToken);
        var parts = pageToken.Split(':');
        return parts switch
        {
            ["batches", var first, var end, var perPage] => ReadBatchesAsync(RunOf(request), Int(first), Int(end), Int(perPage), cancellationToken),
            ["invalid", var offset] => ReadInvalidAsync(RunOf(request), Int(offset), cancellationToken),
            _ => throw new InvalidJobInputException($"'{pageToken}' is no email-delivery page."),
        };
    }

    private async Task<ReportPage> ReadBatchesAsync(JobRun run, int first, int end, int perPage, CancellationToken cancellationToken)
    {
        var last = Math.Min(end, first + perPage);
        var rows = new List<IReadOnlyList<string?>>();
        for (var index = first; index < last; index++)
        {
            var recipients = await blobs.ReadJsonAsync<List<EmailRecipient>>(BlobNames.EmailBatch(run, index), cancellationToken)
                ?? throw new IOException($"Batch {index} of job {run} is missing.");
            var outcome = await blobs.ReadJsonAsync<EmailBatchOutcome>(BlobNames.EmailBatchOutcome(run, index), cancellationToken);
            var (status, detail) = outcome switch
            {
                null => (NotSent, "the job ended before this batch had an outcome"),
                { Sent: true } => (Sent, null),
                _ => (Failed, outcome.Error ?? "rejected"),
            };
            var batch = index.ToString(CultureInfo.InvariantCulture);
            var statusCode = outcome?.StatusCode?.ToString(CultureInfo.InvariantCulture);
            foreach (var recipient in recipients)
            {
                rows.Add([recipient.Email, recipient.Name, status, batch, statusCode, detail]);
            }
        }

        var next = last < end ? string.Create(CultureInfo.InvariantCulture, $"batches:{last}:{end}:{perPage}") : null;
        return new ReportPage(rows, next);
    }

    // The invalid rows are one JSON array; it is streamed element by element, so a page holds only its own rows.
    private async Task<ReportPage> ReadInvalidAsync(JobRun run, int offset, CancellationToken cancellationToken)
    {
        await using var stream = await blobs.OpenReadAsync(BlobNames.InvalidRecipients(run), cancellationToken);
        var rows = new List<IReadOnlyList<string?>>();
        if (stream is null)
        {
            return new ReportPage(rows, null);
        }

        var seen = 0;
        var more = false;
        await foreach (var invalid in JsonSerializer.DeserializeAsyncEnumerable<InvalidRecipient>(stream, JobJson.Options, cancellationToken))
        {
            if (seen++ < offset || invalid is null)
            {
                continue;
            }

            if (rows.Count == ReportLimits.RowsPerPage)
            {
                more = true;
                break;
            }

            rows.Add([invalid.Email, null, Invalid, null, null, string.Create(CultureInfo.InvariantCulture, $"row {invalid.Row}: {invalid.Reason}")]);
        }

        return new ReportPage(rows, more ? string.Create(CultureInfo.InvariantCulture, $"invalid:{offset + rows.Count}") : null);
    }

    private static JobRun RunOf(ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request is { JobId: { } jobId, BulkEmailRun: { } runId }
            ? new JobRun(jobId, runId)
            : throw new InvalidJobInputException("An email-delivery report needs the job and its run.");
    }

    // jobs/{id}/{run}/batches/00012.json, not its .claim.json or .outcome.json.
    private static bool IsBatch(string name)
    {
        var file = name[(name.LastIndexOf('/') + 1)..];
        return file.Length == 10 && file.EndsWith(".json", StringComparison.Ordinal) && file[..5].All(char.IsAsciiDigit);
    }

    private static int Int(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : throw new InvalidJobInputException($"'{value}' is no page number.");
}
