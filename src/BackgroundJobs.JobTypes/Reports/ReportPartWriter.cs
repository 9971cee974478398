using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>
/// What a part activity does, on either host and for any source: read the page its token names and
/// write the rows to the part blob, as CSV records without a header. For a CSV report the records are
/// final (formulas defused), so the merge only copies bytes; for XLSX they are the raw values, which
/// the merge parses back. Running it again rewrites the same part.
/// </summary>
public static class ReportPartWriter
{
    public static async Task<ReportPartResult> WriteAsync(IReportSource source, IReadOnlyList<ReportColumn> columns, IBlobStore blobs, ReportPartInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(input);
        var page = await source.ReadPageAsync(input.Request, input.PageToken, cancellationToken);
        var defuse = input.Request.FormatOrDefault == ReportFormats.Csv;
        using var part = new MemoryStream();
        await using (var writer = new StreamWriter(part, ReportCsv.Utf8, bufferSize: 65536, leaveOpen: true))
        {
            foreach (var row in page.Rows)
            {
                ReportCsv.WriteRow(writer, columns, row, defuse);
            }
        }

        // A page is at most RowsPerPage rows, already in memory as cells; its text is of the same order.
        part.Position = 0;
        await blobs.WriteAsync(ReportBlobNames.Part(input.Run, input.Range, input.Page), part, "text/csv", cancellationToken);
        return new ReportPartResult(page.Rows.Count, page.NextPageToken);
    }
}
