using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BackgroundJobs.Core.Reports;

/// <summary>
/// Writes an XLSX workbook row by row with <see cref="OpenXmlWriter"/>, never holding a sheet in memory.
/// </summary>
/// <remarks>
/// The package is written by <see cref="ZipArchive"/> in create mode straight to the output stream,
/// one part after the other, rather than through <c>SpreadsheetDocument.Create</c>: on .NET the
/// SDK's package opens its zip in update mode, which buffers every part whole in memory until it is
/// saved (Open-XML-SDK issue 807), so a million-row sheet would sit in memory uncompressed. The
/// sheet XML is still the SDK's: <see cref="OpenXmlWriter.Create(Stream)"/> over the zip entry.
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

    private static readonly OpenXmlAttribute InlineStringType = new("t", string.Empty, "inlineStr");

    private readonly ZipArchive zip;
    private readonly IReadOnlyList<ReportColumn> columns;
    private readonly string sheetName;
    private readonly int rowsPerSheet;
    private readonly string[] columnLetters;
    private readonly Row rowElement = new();
    private readonly Cell cellElement = new();
    private readonly CellValue valueElement = new();
    private readonly InlineString inlineStringElement = new();
    private readonly Text textElement = new();
    private static readonly OpenXmlAttribute[] PreserveSpace = [new("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")];
    private readonly List<OpenXmlAttribute> attributes = new(2);
    private Stream? sheetStream;
    private OpenXmlWriter? sheet;
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
        WriteEntry("xl/_rels/workbook.xml.rels", xml =>
        {
            xml.WriteStartElement("Relationships", RelationshipsNamespace);
            for (var i = 1; i <= sheets; i++)
            {
                WriteRelationship(xml, $"rId{i}", WorksheetRelationship, $"worksheets/sheet{i}.xml");
            }

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
        sheet = OpenXmlWriter.Create(sheetStream, Encoding.UTF8);
        sheet.WriteStartDocument();
        sheet.WriteStartElement(new Worksheet());
        sheet.WriteStartElement(new SheetData());
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
        sheet.Close();
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
        attributes.Clear();
        attributes.Add(new OpenXmlAttribute("r", string.Empty, rowNumber));
        writer.WriteStartElement(rowElement, attributes);
        for (var i = 0; i < columns.Count; i++)
        {
            var value = i < cells.Count ? cells[i] : null;
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            attributes.Clear();
            attributes.Add(new OpenXmlAttribute("r", string.Empty, columnLetters[i] + rowNumber));
            if (!header && columns[i].Kind == ReportColumnKind.Number
                && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                writer.WriteStartElement(cellElement, attributes);
                writer.WriteStartElement(valueElement);
                writer.WriteString(value);
                writer.WriteEndElement();
                writer.WriteEndElement();
                continue;
            }

            // Elements are written start, text, end with reused element objects: a million rows make no element trees.
            attributes.Add(InlineStringType);
            writer.WriteStartElement(cellElement, attributes);
            writer.WriteStartElement(inlineStringElement);
            var text = CellText(value);
            if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
            {
                writer.WriteStartElement(textElement, PreserveSpace);
            }
            else
            {
                writer.WriteStartElement(textElement);
            }

            writer.WriteString(text);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private void WriteWorkbook()
    {
        using var stream = zip.CreateEntry("xl/workbook.xml", CompressionLevel.Fastest).Open();
        using var writer = OpenXmlWriter.Create(stream, Encoding.UTF8);
        writer.WriteStartDocument();
        writer.WriteStartElement(new Workbook(), [], [new KeyValuePair<string, string>("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships")]);
        writer.WriteStartElement(new Sheets());
        for (var i = 1; i <= sheets; i++)
        {
            var name = i == 1 ? sheetName : string.Create(CultureInfo.InvariantCulture, $"{sheetName} ({i})");
            writer.WriteElement(new Sheet { Name = name, SheetId = (uint)i, Id = $"rId{i}" });
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.Close();
    }

    private void WriteEntry(string name, Action<XmlWriter> write)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
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
