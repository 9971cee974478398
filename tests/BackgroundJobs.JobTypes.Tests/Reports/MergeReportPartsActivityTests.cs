using System.Text;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.JobTypes.Reports;
using BackgroundJobs.TestHelpers.Fakes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace BackgroundJobs.JobTypes.Tests.Reports;

public class MergeReportPartsActivityTests
{
    private static readonly JobRun Run = new("report-1", "run1");

    private readonly InMemoryBlobStore blobs = new();

    private async Task<ReportResult> WriteAndMergeAsync(string format)
    {
        var source = new ListSource(Enumerable.Range(0, 25).Select(i => (IReadOnlyList<string?>)[$"=row {i}, \"quoted\"", $"{i}"]).ToList());
        var sources = new ReportSources([source]);
        var request = new ReportRequest { Report = source.Name, Format = format };
        var pages = new List<int>();
        foreach (var (start, range) in (await source.SplitAsync(request)).Select((t, i) => (t, i)))
        {
            var page = 0;
            for (string? token = start; token is not null; page++)
            {
                token = (await new WriteReportPartActivity(sources, blobs).RunAsync(null!, new ReportPartInput(Run, request, range, page, token))).NextPageToken;
            }

            pages.Add(page);
        }

        return await new MergeReportPartsActivity(sources, blobs).RunAsync(null!, new MergeReportInput(Run, request, pages, 25));
    }

    [Fact]
    public async Task RunAsync_Csv_IsTheHeaderAndEveryPartInOrder_AndThePartsAreDeleted()
    {
        var result = await WriteAndMergeAsync(ReportFormats.Csv);

        var bytes = blobs.Blobs[result.ResultBlob];
        Assert.Equal("results/report-1/run1/list.csv", result.ResultBlob);
        Assert.Equal(bytes.Length, result.Bytes);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("\uFEFFtext,number\r\n\"'=row 0, \"\"quoted\"\"\",0\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\"'=row 24, \"\"quoted\"\"\",24\r\n", text, StringComparison.Ordinal);
        Assert.Equal(26, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain(blobs.Blobs.Keys, k => k.StartsWith(ReportBlobNames.PartsPrefix(Run), StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_Xlsx_IsOneValidSheet_WithTheRawValuesInOrder()
    {
        var result = await WriteAndMergeAsync(ReportFormats.Xlsx);

        using var document = SpreadsheetDocument.Open(new MemoryStream(blobs.Blobs[result.ResultBlob]), isEditable: false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().ToList();
        Assert.Equal(26, rows.Count);
        Assert.Equal("=row 7, \"quoted\"", rows[8].Elements<Cell>().First().InlineString!.Text!.Text);
        Assert.Equal("7", rows[8].Elements<Cell>().Last().CellValue!.Text);
        Assert.DoesNotContain(blobs.Blobs.Keys, k => k.StartsWith(ReportBlobNames.PartsPrefix(Run), StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_RetriedAfterItMergedAndDeletedTheParts_AnswersWithTheResultItWrote()
    {
        var first = await WriteAndMergeAsync(ReportFormats.Csv);
        var sources = new ReportSources([new ListSource([])]);

        var again = await new MergeReportPartsActivity(sources, blobs).RunAsync(null!, new MergeReportInput(Run, new ReportRequest { Report = "list" }, [3, 4], 25));

        Assert.Equal(first, again);
    }

    /// <summary>A source over a list: two ranges, pages of 4 rows.</summary>
    private sealed class ListSource(List<IReadOnlyList<string?>> rows) : IReportSource
    {
        public string Name => "list";

        public IReadOnlyList<ReportColumn> Columns { get; } = [new("text"), new("number", ReportColumnKind.Number)];

        public Task<IReadOnlyList<string>> SplitAsync(ReportRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<string>>(["0:12", "12:25"]);

        public Task<ReportPage> ReadPageAsync(ReportRequest request, string pageToken, CancellationToken cancellationToken = default)
        {
            var bounds = pageToken.Split(':').Select(int.Parse).ToArray();
            var last = Math.Min(bounds[1], bounds[0] + 4);
            return Task.FromResult(new ReportPage(rows[bounds[0]..last], last < bounds[1] ? $"{last}:{bounds[1]}" : null));
        }
    }
}
