using BackgroundJobs.Core.Reports;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace BackgroundJobs.Core.Tests.Reports;

public class XlsxReportWriterTests
{
    private static readonly IReadOnlyList<ReportColumn> Columns = [new("email"), new("batch", ReportColumnKind.Number), new("detail")];

    [Fact]
    public void Finish_Workbook_OpensWithTheSdk_ValidatesWithoutErrors_AndHoldsTypedCells()
    {
        var file = Write(writer =>
        {
            writer.WriteRow(["ada@example.com", "0", "Lovelace, Ada"]);
            writer.WriteRow(["=cmd@example.com", "12", "  spaced  "]);
            writer.WriteRow(["jose@example.com", "-2.5", "José Müller 李雷 🚀"]);
            writer.WriteRow([null, "not a number", "a\u0001b"]);
        });

        var sheets = ReadAndValidate(file);

        var rows = Assert.Single(sheets);
        Assert.Equal(5, rows.Count);
        Assert.Equal(["email", "batch", "detail"], rows[0].Select(c => c.Text));
        Assert.Equal(("12", (CellValues?)null), (rows[2][1].Text, rows[2][1].Type));
        Assert.Equal("=cmd@example.com", rows[2][0].Text);
        Assert.Equal(CellValues.InlineString, rows[2][0].Type);
        Assert.Equal("  spaced  ", rows[2][2].Text);
        Assert.Equal("José Müller 李雷 🚀", rows[3][2].Text);
        Assert.Equal("-2.5", rows[3][1].Text);
        Assert.Equal(("not a number", CellValues.InlineString), (rows[4][1].Text, rows[4][1].Type));
        Assert.Equal("a\uFFFDb", rows[4][2].Text);
    }

    [Fact]
    public void WriteRow_PastTheRowsOfASheet_GoesOnInTheNextSheet_UnderTheHeaderAgain()
    {
        var file = Write(writer => Enumerable.Range(1, 7).ToList().ForEach(i => writer.WriteRow([$"p{i}@example.com", $"{i}", null])), rowsPerSheet: 3);

        var sheets = ReadAndValidate(file);

        Assert.Equal(4, sheets.Count);
        Assert.All(sheets, rows => Assert.Equal("email", rows[0][0].Text));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"p{i}@example.com"), sheets.SelectMany(rows => rows.Skip(1)).Select(r => r[0].Text));
    }

    [Fact]
    public void Finish_NoRows_IsAWorkbookWithTheHeaderOnly()
    {
        var sheets = ReadAndValidate(Write(_ => { }));

        var rows = Assert.Single(Assert.Single(sheets));
        Assert.Equal(["email", "batch", "detail"], rows.Select(c => c.Text));
    }

    [Fact]
    public void CellText_LongerThanExcelTakes_IsCut_WithoutSplittingASurrogatePair()
    {
        var text = new string('a', ReportLimits.XlsxMaxCellText - 1) + "🚀🚀";

        var cut = XlsxReportWriter.CellText(text);

        Assert.Equal(ReportLimits.XlsxMaxCellText - 1, cut.Length);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void ColumnLetters_AreExcels(int index, string expected) => Assert.Equal(expected, XlsxReportWriter.ColumnLetters(index));

    private static byte[] Write(Action<XlsxReportWriter> write, int rowsPerSheet = ReportLimits.XlsxRowsPerSheet)
    {
        using var output = new MemoryStream();
        using (var writer = new XlsxReportWriter(output, Columns, "email-delivery", rowsPerSheet))
        {
            write(writer);
            writer.Finish();
        }

        return output.ToArray();
    }

    /// <summary>Each sheet's rows of (text, cell type), after the SDK's validator found nothing wrong.</summary>
    private static List<List<List<(string Text, CellValues? Type)>>> ReadAndValidate(byte[] file)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(file), isEditable: false);
        Assert.Empty(new OpenXmlValidator().Validate(document).Select(e => e.Description));
        var workbook = document.WorkbookPart!;
        return workbook.Workbook.Sheets!.Elements<Sheet>()
            .Select(sheet => ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>()
                .Select(row => Enumerable.Range(0, Columns.Count)
                    .Select(i => row.Elements<Cell>().FirstOrDefault(c => c.CellReference == XlsxReportWriter.ColumnLetters(i) + row.RowIndex) is { } cell
                        ? (cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.Text!.Text : cell.CellValue!.Text, cell.DataType?.Value)
                        : (string.Empty, (CellValues?)null))
                    .ToList())
                .ToList())
            .ToList();
    }
}
