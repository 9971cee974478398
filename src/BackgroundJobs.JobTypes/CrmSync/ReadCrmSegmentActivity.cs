using System.Globalization;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// Reads one segment of the source file from the cursor's byte offset, as a stream (never the
/// whole file), and stores it as batch blobs of <see cref="CrmSyncLimits.BatchSize"/> records.
/// Lines that are no record are stored as that segment's errors. Running it twice writes the same
/// blobs, so a retry is harmless.
/// </summary>
public sealed class ReadCrmSegmentActivity(IBlobStore blobs) : TaskActivity<ReadCrmSegmentInput, CrmSegment>
{
    public override async Task<CrmSegment> RunAsync(TaskActivityContext context, ReadCrmSegmentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var format = CrmRecordParser.FormatOf(input.Blob)
            ?? throw new InvalidJobInputException($"'{input.Blob}' is neither a .csv nor a .jsonl upload.");
        var (offset, line) = (input.ByteOffset, input.Line);
        string[]? columns = null;
        if (format == CrmRecordFormat.Csv)
        {
            (columns, var headerBytes) = await ReadCsvHeaderAsync(input.Blob);
            if (offset == 0)
            {
                (offset, line) = (headerBytes, 1);
            }
        }

        await using var stream = await blobs.OpenReadFromAsync(input.Blob, offset)
            ?? throw new InvalidJobInputException($"The file '{input.Blob}' does not exist (any more).");
        // A seekable stream's length is the whole file's, wherever it was opened.
        long? fileBytes = stream.CanSeek ? stream.Length : null;
        var reader = new LineReader(stream, CrmSyncLimits.MaxLineBytes);
        var maxRecords = input.MaxBatches * CrmSyncLimits.BatchSize;
        var batch = new List<CrmBatchRecord>(CrmSyncLimits.BatchSize);
        var invalid = new List<CrmRecordError>();
        var (batches, records) = (0, 0);
        var endOfFile = false;
        while (records < maxRecords)
        {
            if (await reader.ReadLineAsync() is not { } next)
            {
                endOfFile = true;
                break;
            }

            line++;
            if (next.TooLong)
            {
                invalid.Add(new CrmRecordError(line, null, string.Create(CultureInfo.InvariantCulture, $"the line is longer than {CrmSyncLimits.MaxLineBytes} bytes.")));
                continue;
            }

            if (string.IsNullOrWhiteSpace(next.Text))
            {
                continue;
            }

            var (contact, error) = CrmRecordParser.Parse(format, columns, next.Text);
            if (contact is null)
            {
                invalid.Add(new CrmRecordError(line, null, error!));
                continue;
            }

            batch.Add(new CrmBatchRecord(line, contact));
            records++;
            if (batch.Count == CrmSyncLimits.BatchSize)
            {
                await blobs.WriteJsonAsync(CrmBlobNames.Batch(input.Run, input.Segment, batches++), batch);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await blobs.WriteJsonAsync(CrmBlobNames.Batch(input.Run, input.Segment, batches++), batch);
        }

        if (invalid.Count > 0)
        {
            await blobs.WriteJsonAsync(CrmBlobNames.InvalidRecords(input.Run, input.Segment), invalid);
        }

        var nextOffset = offset + reader.Position;
        endOfFile |= fileBytes is { } size && nextOffset >= size;
        return new CrmSegment(batches, records, invalid.Count, nextOffset, line, endOfFile, fileBytes);
    }

    /// <summary>The header's columns and how many bytes it takes, line break included.</summary>
    private async Task<(string[] Columns, long Bytes)> ReadCsvHeaderAsync(string blob)
    {
        await using var stream = await blobs.OpenReadAsync(blob)
            ?? throw new InvalidJobInputException($"The file '{blob}' does not exist (any more).");
        var reader = new LineReader(stream, CrmSyncLimits.MaxLineBytes);
        var header = await reader.ReadLineAsync();
        if (header is not { TooLong: false, Text: { } text })
        {
            throw new InvalidJobInputException($"The file '{blob}' has no header row.");
        }

        var (columns, error) = CrmRecordParser.ParseCsvHeader(text);
        return columns is null ? throw new InvalidJobInputException($"'{blob}': {error}") : (columns, reader.Position);
    }
}
