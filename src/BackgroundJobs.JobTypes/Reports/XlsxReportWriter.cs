using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>
/// Writes an XLSX workbook row by row with an <see cref="XmlWriter"/>, never holding a sheet in memory.
/// </summary>
/// <remarks>
/// The package is written by <see cref="ZipArchive"/> in create mode straight to the output stream,
/// one part after the other, rather than through <c>SpreadsheetDocument.Create</c>: on .NET the
/// SDK's package opens its zip in update mode, which buffers every part whole in memory until it is
/// saved (Open-XML-SDK issue 807), so a million-row sheet would sit in memory uncompressed. Every
/// part uses the SpreadsheetML namespace as its default namespace (no <c>x:</c> prefix, which the
/// SDK's own writer puts on every element and exceljs cannot read), and the package has a minimal
/// styles part (one font, the two fills Excel requires, one border, one cell format), which exceljs
/// needs too. Dates are ISO 8601 text, as in the CSV, so no date format is needed.
/// Text goes in inline strings (no shared-string table to hold), numbers in number cells. A sheet
/// that reaches Excel's <see cref="ReportLimits.XlsxRowsPerSheet"/> rows is closed and the report
/// goes on in the next sheet, under the header again.
/// </remarks>
public sealed class XlsxReportWriter : IDisposable
{
    private const string SheetContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
    private const string WorkbookContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    private const string RelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string OfficeDocumentRelationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    private const string WorksheetRelationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
    private const string StylesRelationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
    private const string StylesContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
    private const string SpreadsheetNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string DocumentRelationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private readonly ZipArchive zip;
    private readonly IReadOnlyList<ReportColumn> columns;
    private readonly string sheetName;
    private readonly int rowsPerSheet;
    private readonly string[] columnLetters;
    private static readonly string[] FillPatterns = ["none", "gray125"];
    private static readonly string[] BorderSides = ["left", "right", "top", "bottom", "diagonal"];
    private static readonly string[] CellFormatLists = ["cellStyleXfs", "cellXfs"];
    private static readonly XmlWriterSettings XmlSettings = new() { Encoding = new UTF8Encoding(false) };

    private Stream? sheetStream;
    private XmlWriter? sheet;
    private int sheets;
    private int rowInSheet;
    private bool finished;

    /// <param name="rowsPerSheet">Rows per sheet including the header; Excel's limit unless a test asks for fewer.</param>
    public XlsxReportWriter(Stream output, IReadOnlyList<ReportColumn> columns, string sheetName, int rowsPerSheet = ReportLimits.XlsxRowsPerSheet)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerSheet, 2);
        zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        this.columns = columns;
        this.sheetName = sheetName;
        this.rowsPerSheet = rowsPerSheet;
        columnLetters = Enumerable.Range(0, columns.Count).Select(ColumnLetters).ToArray();
    }

    public long Rows { get; private set; }

    public void WriteRow(IReadOnlyList<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (sheet is null || rowInSheet >= rowsPerSheet)
        {
            StartSheet();
        }

        WriteCells(cells, header: false);
        Rows++;
    }

    /// <summary>Closes the last sheet and writes the workbook and the package's parts. Call once, after the last row.</summary>
    public void Finish()
    {
        if (sheet is null)
        {
            StartSheet();
        }

        EndSheet();
        WriteWorkbook();
        WriteStyles();
        WriteEntry("xl/_rels/workbook.xml.rels", xml =>
        {
            xml.WriteStartElement("Relationships", RelationshipsNamespace);
            for (var i = 1; i <= sheets; i++)
            {
                WriteRelationship(xml, $"rId{i}", WorksheetRelationship, $"worksheets/sheet{i}.xml");
            }

            WriteRelationship(xml, $"rId{sheets + 1}", StylesRelationship, "styles.xml");

            xml.WriteEndElement();
        });
        WriteEntry("_rels/.rels", xml =>
        {
            xml.WriteStartElement("Relationships", RelationshipsNamespace);
            WriteRelationship(xml, "rId1", OfficeDocumentRelationship, "xl/workbook.xml");
            xml.WriteEndElement();
        });
        WriteEntry("[Content_Types].xml", xml =>
        {
            const string ns = "http://schemas.openxmlformats.org/package/2006/content-types";
            xml.WriteStartElement("Types", ns);
            WriteDefault(xml, ns, "rels", "application/vnd.openxmlformats-package.relationships+xml");
            WriteDefault(xml, ns, "xml", "application/xml");
            WriteOverride(xml, ns, "/xl/workbook.xml", WorkbookContentType);
            WriteOverride(xml, ns, "/xl/styles.xml", StylesContentType);
            for (var i = 1; i <= sheets; i++)
            {
                WriteOverride(xml, ns, $"/xl/worksheets/sheet{i}.xml", SheetContentType);
            }

            xml.WriteEndElement();
        });
        finished = true;
        zip.Dispose();
    }

    public void Dispose()
    {
        if (!finished)
        {
            sheet?.Dispose();
            sheetStream?.Dispose();
            zip.Dispose();
        }
    }

    /// <summary>Excel's name of a zero-based column: A, B, ..., Z, AA, ...</summary>
    public static string ColumnLetters(int index)
    {
        var letters = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }

    /// <summary>Text as a worksheet can hold it: characters XML forbids become U+FFFD, and it is cut at Excel's cell limit.</summary>
    public static string CellText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > ReportLimits.XlsxMaxCellText)
        {
            value = value[..ReportLimits.XlsxMaxCellText];
            if (char.IsHighSurrogate(value[^1]))
            {
                value = value[..^1];
            }
        }

        StringBuilder? clean = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var ok = XmlConvert.IsXmlChar(c) || (i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], c));
            if (ok && char.IsHighSurrogate(c))
            {
                clean?.Append(c).Append(value[i + 1]);
                i++;
                continue;
            }

            if (!ok)
            {
                clean ??= new StringBuilder(value, 0, i, value.Length);
                clean.Append('\uFFFD');
            }
            else
            {
                clean?.Append(c);
            }
        }

        return clean?.ToString() ?? value;
    }

    private void StartSheet()
    {
        EndSheet();
        sheets++;
        rowInSheet = 0;
        sheetStream = zip.CreateEntry($"xl/worksheets/sheet{sheets}.xml", CompressionLevel.Fastest).Open();
        sheet = XmlWriter.Create(sheetStream, XmlSettings);
        sheet.WriteStartDocument(standalone: true);
        sheet.WriteStartElement("worksheet", SpreadsheetNamespace);
        sheet.WriteStartElement("sheetData", SpreadsheetNamespace);
        WriteCells(columns.Select(c => (string?)c.Name).ToList(), header: true);
    }

    private void EndSheet()
    {
        if (sheet is null)
        {
            return;
        }

        sheet.WriteEndElement();
        sheet.WriteEndElement();
        sheet.WriteEndDocument();
        sheet.Dispose();
        sheetStream!.Dispose();
        sheet = null;
        sheetStream = null;
    }

    private void WriteCells(IReadOnlyList<string?> cells, bool header)
    {
        var writer = sheet!;
        rowInSheet++;
        var rowNumber = rowInSheet.ToString(CultureInfo.InvariantCulture);
        writer.WriteStartElement("row", SpreadsheetNamespace);
        writer.WriteAttributeString("r", rowNumber);
        for (var i = 0; i < columns.Count; i++)
        {
            var value = i < cells.Count ? cells[i] : null;
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            writer.WriteStartElement("c", SpreadsheetNamespace);
            writer.WriteAttributeString("r", columnLetters[i] + rowNumber);
            if (!header && columns[i].Kind == ReportColumnKind.Number
                && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                writer.WriteElementString("v", SpreadsheetNamespace, value);
                writer.WriteEndElement();
                continue;
            }

            writer.WriteAttributeString("t", "inlineStr");
            writer.WriteStartElement("is", SpreadsheetNamespace);
            writer.WriteStartElement("t", SpreadsheetNamespace);
            var text = CellText(value);
            if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
            {
                writer.WriteAttributeString("xml", "space", null, "preserve");
            }

            writer.WriteString(text);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private void WriteWorkbook() => WriteEntry("xl/workbook.xml", xml =>
    {
        xml.WriteStartElement("workbook", SpreadsheetNamespace);
        xml.WriteAttributeString("xmlns", "r", null, DocumentRelationshipsNamespace);
        xml.WriteStartElement("sheets", SpreadsheetNamespace);
        for (var i = 1; i <= sheets; i++)
        {
            xml.WriteStartElement("sheet", SpreadsheetNamespace);
            xml.WriteAttributeString("name", i == 1 ? sheetName : string.Create(CultureInfo.InvariantCulture, $"{sheetName} ({i})"));
            xml.WriteAttributeString("sheetId", i.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("id", DocumentRelationshipsNamespace, $"rId{i}");
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    });

    // The least a styles part holds for Excel and exceljs: fonts, fills (Excel reserves the first two),
    // borders, the master cell format and one cell format that every cell uses by default (index 0).
    private void WriteStyles() => WriteEntry("xl/styles.xml", xml =>
    {
        xml.WriteStartElement("styleSheet", SpreadsheetNamespace);
        xml.WriteStartElement("fonts", SpreadsheetNamespace);
        xml.WriteAttributeString("count", "1");
        xml.WriteStartElement("font", SpreadsheetNamespace);
        WriteValElement(xml, "sz", "11");
        WriteValElement(xml, "name", "Calibri");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteStartElement("fills", SpreadsheetNamespace);
        xml.WriteAttributeString("count", "2");
        foreach (var pattern in FillPatterns)
        {
            xml.WriteStartElement("fill", SpreadsheetNamespace);
            xml.WriteStartElement("patternFill", SpreadsheetNamespace);
            xml.WriteAttributeString("patternType", pattern);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteStartElement("borders", SpreadsheetNamespace);
        xml.WriteAttributeString("count", "1");
        xml.WriteStartElement("border", SpreadsheetNamespace);
        foreach (var side in BorderSides)
        {
            xml.WriteElementString(side, SpreadsheetNamespace, string.Empty);
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        foreach (var formats in CellFormatLists)
        {
            xml.WriteStartElement(formats, SpreadsheetNamespace);
            xml.WriteAttributeString("count", "1");
            xml.WriteStartElement("xf", SpreadsheetNamespace);
            xml.WriteAttributeString("numFmtId", "0");
            xml.WriteAttributeString("fontId", "0");
            xml.WriteAttributeString("fillId", "0");
            xml.WriteAttributeString("borderId", "0");
            if (formats == "cellXfs")
            {
                xml.WriteAttributeString("xfId", "0");
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteStartElement("cellStyles", SpreadsheetNamespace);
        xml.WriteAttributeString("count", "1");
        xml.WriteStartElement("cellStyle", SpreadsheetNamespace);
        xml.WriteAttributeString("name", "Normal");
        xml.WriteAttributeString("xfId", "0");
        xml.WriteAttributeString("builtinId", "0");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    });

    private static void WriteValElement(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement(name, SpreadsheetNamespace);
        xml.WriteAttributeString("val", value);
        xml.WriteEndElement();
    }

    private void WriteEntry(string name, Action<XmlWriter> write)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        using var xml = XmlWriter.Create(stream, XmlSettings);
        xml.WriteStartDocument(standalone: true);
        write(xml);
        xml.WriteEndDocument();
    }

    private static void WriteRelationship(XmlWriter xml, string id, string type, string target)
    {
        xml.WriteStartElement("Relationship", RelationshipsNamespace);
        xml.WriteAttributeString("Id", id);
        xml.WriteAttributeString("Type", type);
        xml.WriteAttributeString("Target", target);
        xml.WriteEndElement();
    }

    private static void WriteDefault(XmlWriter xml, string ns, string extension, string contentType)
    {
        xml.WriteStartElement("Default", ns);
        xml.WriteAttributeString("Extension", extension);
        xml.WriteAttributeString("ContentType", contentType);
        xml.WriteEndElement();
    }

    private static void WriteOverride(XmlWriter xml, string ns, string partName, string contentType)
    {
        xml.WriteStartElement("Override", ns);
        xml.WriteAttributeString("PartName", partName);
        xml.WriteAttributeString("ContentType", contentType);
        xml.WriteEndElement();
    }
}
