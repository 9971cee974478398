using System.Globalization;
using System.Runtime.CompilerServices;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using CsvHelper;
using CsvHelper.Configuration;

namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>
/// Reads a recipient CSV as a stream: a header row with an <c>email</c> column (any case), an
/// optional <c>name</c> column, and any other columns as per-recipient data.
/// </summary>
public static class RecipientCsv
{
    public const string EmailColumn = "email";
    public const string NameColumn = "name";

    // Large reads: each refill of a smaller buffer from a local file is a hop through the thread
    // pool (the store's files are opened for synchronous I/O), and a 100,000-row file took about
    // 900 of them, contended by the batch writes running beside the read.
    private const int ReadBufferSize = 64 * 1024;

    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        TrimOptions = TrimOptions.Trim,
        DetectDelimiter = false,
        BadDataFound = null,
        MissingFieldFound = null,
        BufferSize = ReadBufferSize,
    };

    /// <summary>Yields each data row with its 1-based line number; throws <see cref="InvalidJobInputException"/> without an email column.</summary>
    public static async IAsyncEnumerable<(int Row, EmailRecipient Recipient)> ReadAsync(
        Stream csv,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(csv, bufferSize: ReadBufferSize);
        using var parser = new CsvReader(reader, Configuration);
        if (!await parser.ReadAsync() || !parser.ReadHeader() || parser.HeaderRecord is null)
        {
            throw new InvalidJobInputException("The recipients CSV is empty; its first row must be a header with an 'email' column.");
        }

        var header = parser.HeaderRecord;
        var emailAt = FindColumn(header, EmailColumn)
            ?? throw new InvalidJobInputException("The recipients CSV has no 'email' column in its header row.");
        var nameAt = FindColumn(header, NameColumn);
        var row = 1;
        while (await parser.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            row++;
            var email = parser.GetField(emailAt) ?? string.Empty;
            var name = nameAt is { } n ? NullIfEmpty(parser.GetField(n)) : null;
            Dictionary<string, string>? data = null;
            for (var i = 0; i < header.Length; i++)
            {
                if (i == emailAt || i == nameAt)
                {
                    continue;
                }

                data ??= new Dictionary<string, string>(StringComparer.Ordinal);
                data[header[i]] = parser.GetField(i) ?? string.Empty;
            }

            yield return (row, new EmailRecipient(email, name, data));
        }
    }

    /// <summary>True when the header line has an email column; lets the start endpoint refuse a wrong file before anything runs.</summary>
    public static bool HeaderHasEmailColumn(string headerLine)
    {
        using var reader = new StringReader(headerLine);
        using var parser = new CsvReader(reader, Configuration);
        return parser.Read() && parser.ReadHeader() && parser.HeaderRecord is { } header && FindColumn(header, EmailColumn) is not null;
    }

    private static int? FindColumn(string[] header, string column)
    {
        var index = Array.FindIndex(header, h => string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : index;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
