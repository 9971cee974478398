using System.IO.Compression;
using System.Text.Json;
using BackgroundJobs.JobTypes.Reports;
using BackgroundJobs.TestHelpers;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace BackgroundJobs.JobTypes.Tests.Reports;

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
    public async Task Finish_100000Rows_OpensInExcelJs_AndValidatesWithTheSdk()
    {
        Assert.True(
            File.Exists(RepositoryRoot.Combine("node_modules", "exceljs", "package.json")),
            "node_modules/exceljs is missing: run `npm ci` in the repository root (package.json pins exceljs).");
        using var temp = new TempDirectory();
        var path = temp.Combine("report.xlsx");
        await File.WriteAllBytesAsync(path, Write(writer =>
        {
            for (var i = 1; i <= 100_000; i++)
            {
                writer.WriteRow([$"p{i}@example.com", $"{i % 7}", i == 100_000 ? "the last" : "sent"]);
            }
        }));

        using var node = ChildProcess.Start(
            "exceljs",
            "node",
            [RepositoryRoot.Combine("tests", "BackgroundJobs.JobTypes.Tests", "Reports", "exceljs", "read-xlsx.mjs"), path],
            workingDirectory: RepositoryRoot.Path);
        Assert.True(await node.WaitForExitAsync(TimeSpan.FromMinutes(3)), "exceljs did not finish within 3 minutes:\n" + node.Tail());
        Assert.True(node.ExitCode == 0, $"exceljs could not read the file (exit code {node.ExitCode}):\n" + node.Tail());

        // Each output line starts with the time it was read at; the script's answer is its one JSON line.
        var json = node.Output.Select(line => line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]).Last(line => line.StartsWith('{'));
        using var read = JsonDocument.Parse(json);
        var sheet = Assert.Single(read.RootElement.GetProperty("sheets").EnumerateArray());
        Assert.Equal("email-delivery", sheet.GetProperty("name").GetString());
        Assert.Equal(100_001, sheet.GetProperty("rows").GetInt32());
        Assert.Equal("""[["email","batch","detail"],["p1@example.com",1,"sent"],["p2@example.com",2,"sent"]]""", sheet.GetProperty("first").GetRawText());
        Assert.Equal("""["p100000@example.com",5,"the last"]""", sheet.GetProperty("last").GetRawText());
        Assert.Equal("""["string","number","string"]""", sheet.GetProperty("types").GetRawText());
        var validated = ReadAndValidate(await File.ReadAllBytesAsync(path));
        Assert.Equal(100_001, Assert.Single(validated).Count);
    }

    [Fact]
    public void Finish_Parts_UseTheDefaultNamespace_AndThePackageHasAStylesPart()
    {
        using var zip = new ZipArchive(new MemoryStream(Write(writer => writer.WriteRow(["ada@example.com", "1", "x"]))));

        foreach (var part in new[] { "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml" })
        {
            using var reader = new StreamReader(zip.GetEntry(part)!.Open());
            var root = System.Xml.Linq.XDocument.Parse(reader.ReadToEnd()).Root!;
            Assert.Equal(("http://schemas.openxmlformats.org/spreadsheetml/2006/main", string.Empty), (root.Name.NamespaceName, root.GetPrefixOfNamespace(root.Name.Namespace) ?? string.Empty));
        }

        using var document = SpreadsheetDocument.Open(new MemoryStream(Write(_ => { })), isEditable: false);
        Assert.NotNull(document.WorkbookPart!.WorkbookStylesPart);
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
