using System.Buffers;
using System.Text;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>
/// CSV as RFC 4180 has it: fields separated by commas, records ended by CRLF, a field holding a
/// comma, a quote, CR or LF quoted with its quotes doubled. Text is UTF-8 (the merged file starts with
/// a byte order mark, so Excel reads it as UTF-8).
/// </summary>
/// <remarks>
/// Formula injection: a spreadsheet opening a CSV evaluates a cell that starts with <c>=</c>,
/// <c>+</c>, <c>-</c> or <c>@</c> (and some read a leading tab or CR the same way), and report cells
/// hold text that other people chose (addresses, names, error messages). Such a text cell gets a
/// leading apostrophe, OWASP's advice, so it shows as text; the value then differs from the source
/// by that one character. Number columns are formatted by the source and never changed, so a
/// negative number stays a number. XLSX needs none of this: its cells are typed, text is never a formula.
/// </remarks>
public static class ReportCsv
{
    public const string LineEnd = "\r\n";

    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    /// <summary>Writes one record and its CRLF.</summary>
    public static void WriteRow(TextWriter writer, IReadOnlyList<ReportColumn> columns, IReadOnlyList<string?> cells, bool defuseFormulas)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(cells);
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            var value = i < cells.Count ? cells[i] ?? string.Empty : string.Empty;
            WriteField(writer, defuseFormulas && columns[i].Kind == ReportColumnKind.Text ? Defuse(value) : value);
        }

        writer.Write(LineEnd);
    }

    public static void WriteHeader(TextWriter writer, IReadOnlyList<ReportColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        WriteRow(writer, columns.Select(_ => new ReportColumn(string.Empty)).ToList(), columns.Select(c => (string?)c.Name).ToList(), defuseFormulas: false);
    }

    /// <summary>The field as RFC 4180 writes it.</summary>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(NeedsQuotes) < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    /// <summary>A text cell a spreadsheet would run as a formula, with an apostrophe in front.</summary>
    public static string Defuse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }

    private static void WriteField(TextWriter writer, string value)
    {
        if (value.AsSpan().IndexOfAny(NeedsQuotes) < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        var span = value.AsSpan();
        for (int quote; (quote = span.IndexOf('"')) >= 0; span = span[(quote + 1)..])
        {
            writer.Write(span[..(quote + 1)]);
            writer.Write('"');
        }

        writer.Write(span);
        writer.Write('"');
    }
}
