using System.Globalization;
using BackgroundJobs.Core.Storage;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>
/// Streams the parts, in range and page order, into the one result file, then deletes them. CSV: the
/// header, then each part's bytes as they are. XLSX: each part's records parsed back one at a time
/// and written as rows by <see cref="XlsxReportWriter"/>. The file is spooled through a temp file
/// (deleted on close) and uploaded from there, so memory holds a buffer, never the report.
/// </summary>
public sealed class MergeReportPartsActivity(ReportSources sources, IBlobStore blobs) : TaskActivity<MergeReportInput, ReportResult>
{
    private const int BufferSize = 81920;

    private static readonly CsvConfiguration PartFormat = new(CultureInfo.InvariantCulture) { HasHeaderRecord = false };

    public override async Task<ReportResult> RunAsync(TaskActivityContext context, MergeReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = input.Request;
        var format = request.FormatOrDefault;
        var columns = sources.ColumnsOf(request.Report!);
        var parts = input.PagesPerRange
            .SelectMany((pages, range) => Enumerable.Range(0, pages).Select(page => ReportBlobNames.Part(input.Run, range, page)))
            .ToList();
        var resultBlob = ReportBlobNames.Result(input.Run, request.Report!, format);

        // An attempt that uploaded the result and deleted the parts, then died before the engine heard
        // of it, is retried: the parts are gone, the result is there. Answer with it instead of failing.
        if (parts.Count > 0 && !await blobs.ExistsAsync(parts[0]) && await blobs.ExistsAsync(resultBlob))
        {
            return new ReportResult(request.Report!, format, input.Rows, parts.Count, await LengthOfAsync(resultBlob), resultBlob);
        }

        await using var spool = new FileStream(
            Path.Combine(Path.GetTempPath(), $"backgroundjobs-{Guid.NewGuid():N}.{format}"),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            BufferSize,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        if (format == ReportFormats.Xlsx)
        {
            await MergeXlsxAsync(parts, columns, request.Report!, spool);
        }
        else
        {
            await MergeCsvAsync(parts, columns, spool);
        }

        var bytes = spool.Length;
        spool.Position = 0;
        await blobs.WriteAsync(resultBlob, spool, ReportFormats.ContentTypeOf(format));
        await blobs.DeletePrefixAsync(ReportBlobNames.PartsPrefix(input.Run));
        return new ReportResult(request.Report!, format, input.Rows, parts.Count, bytes, resultBlob);
    }

    private async Task MergeCsvAsync(List<string> parts, IReadOnlyList<ReportColumn> columns, Stream spool)
    {
        spool.Write(ReportCsv.ByteOrderMark);
        await using (var header = new StreamWriter(spool, ReportCsv.Utf8, leaveOpen: true))
        {
            ReportCsv.WriteHeader(header, columns);
        }

        foreach (var name in parts)
        {
            await using var part = await OpenPartAsync(name);
            await part.CopyToAsync(spool, BufferSize);
        }
    }

    private async Task MergeXlsxAsync(List<string> parts, IReadOnlyList<ReportColumn> columns, string report, Stream spool)
    {
        // ZipArchive writes synchronously; the spool is a local file, so that blocks no more than a disk write.
        using var xlsx = new XlsxReportWriter(spool, columns, report);
        foreach (var name in parts)
        {
            await using var part = await OpenPartAsync(name);
            using var reader = new StreamReader(part, ReportCsv.Utf8, detectEncodingFromByteOrderMarks: false, BufferSize);
            using var parser = new CsvParser(reader, PartFormat);
            while (await parser.ReadAsync())
            {
                xlsx.WriteRow(parser.Record!);
            }
        }

        xlsx.Finish();
    }

    private async Task<long> LengthOfAsync(string name)
    {
        await using var stream = await OpenPartAsync(name);
        if (stream.CanSeek)
        {
            return stream.Length;
        }

        var buffer = new byte[BufferSize];
        long length = 0;
        for (int read; (read = await stream.ReadAsync(buffer)) > 0;)
        {
            length += read;
        }

        return length;
    }

    private async Task<Stream> OpenPartAsync(string name) =>
        await blobs.OpenReadAsync(name)
            ?? throw new IOException($"The report blob '{name}' is missing; the merge will be retried.");
}
