using System.Globalization;
using System.Text;
using BackgroundJobs.JobTypes.Reports;
using CsvHelper;
using CsvHelper.Configuration;

namespace BackgroundJobs.JobTypes.Tests.Reports;

public class ReportCsvTests
{
    private static readonly IReadOnlyList<ReportColumn> TextAndNumber = [new("text"), new("number", ReportColumnKind.Number)];

    // value, how RFC 4180 writes it (formulas not defused)
    public static TheoryData<string, string> Fields() => new()
    {
        { "plain", "plain" },
        { string.Empty, string.Empty },
        { "a,b", "\"a,b\"" },
        { "say \"hi\"", "\"say \"\"hi\"\"\"" },
        { "\"", "\"\"\"\"" },
        { "line\nbreak", "\"line\nbreak\"" },
        { "carriage\rreturn", "\"carriage\rreturn\"" },
        { "crlf\r\nend", "\"crlf\r\nend\"" },
        { " spaced ", " spaced " },
        { "José Müller", "José Müller" },
        { "李雷, 韩梅梅", "\"李雷, 韩梅梅\"" },
        { "🚀 \"rocket\"", "\"🚀 \"\"rocket\"\"\"" },
        { "tab\there", "tab\there" },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void Field_QuotesOnlyWhatRfc4180Requires_AndDoublesQuotes(string value, string expected)
    {
        Assert.Equal(expected, ReportCsv.Field(value));
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void WriteRow_ReadBackByAnRfc4180Reader_GivesTheSameValue_AsUtf8WithCrlf(string value, string expected)
    {
        _ = expected;
        var bytes = Write(writer => ReportCsv.WriteRow(writer, TextAndNumber, [value, "12"], defuseFormulas: false));

        Assert.EndsWith("\r\n", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        var record = Assert.Single(Read(bytes));
        Assert.Equal([value, "12"], record);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+44 20 7946 0000", "'+44 20 7946 0000")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\tleading tab", "'\tleading tab")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")")]
    [InlineData("a=b", "a=b")]
    [InlineData("ada@example.com", "ada@example.com")]
    public void WriteRow_DefusingFormulas_PrefixesAnApostrophe_OnTextCellsThatStartLikeAFormula(string value, string expected)
    {
        var bytes = Write(writer => ReportCsv.WriteRow(writer, TextAndNumber, [value, "-2.5"], defuseFormulas: true));

        var record = Assert.Single(Read(bytes));
        Assert.Equal(expected, record[0]);
        Assert.Equal("-2.5", record[1]);
    }

    [Fact]
    public void WriteRow_NullAndMissingCells_AreEmptyFields()
    {
        var bytes = Write(writer => ReportCsv.WriteRow(writer, [new("a"), new("b"), new("c")], [null, "x"], defuseFormulas: true));

        Assert.Equal(",x,\r\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void WriteHeader_WritesTheColumnNames()
    {
        var bytes = Write(writer => ReportCsv.WriteHeader(writer, TextAndNumber));

        Assert.Equal("text,number\r\n", Encoding.UTF8.GetString(bytes));
    }

    private static byte[] Write(Action<TextWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, ReportCsv.Utf8, leaveOpen: true))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    private static List<string[]> Read(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);
        using var parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false });
        var records = new List<string[]>();
        while (parser.Read())
        {
            records.Add(parser.Record!);
        }

        return records;
    }
}
