using System.Text;
using System.Text.Json;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// Turns one line into a <see cref="CrmContact"/>. CSV: a header row naming the columns
/// (<c>externalId</c> required, any case), one record per line, RFC 4180 quotes within a line.
/// JSON lines: one object per line with a string <c>externalId</c>. Named fields map to the
/// contact; other columns or string properties go into <see cref="CrmContact.Fields"/>.
/// </summary>
public static class CrmRecordParser
{
    public const string ExternalIdField = "externalId";

    private static readonly string[] NamedFields = [ExternalIdField, "email", "firstName", "lastName", "phone", "company"];

    public static CrmRecordFormat? FormatOf(string blobName) =>
        Path.GetExtension(blobName).ToUpperInvariant() switch
        {
            ".CSV" => CrmRecordFormat.Csv,
            ".JSONL" => CrmRecordFormat.JsonLines,
            _ => null,
        };

    /// <summary>The CSV header's columns, or an error saying why the line is no usable header.</summary>
    public static (string[]? Columns, string? Error) ParseCsvHeader(string line)
    {
        var columns = SplitCsvLine(line);
        if (columns is null)
        {
            return (null, "the CSV header row has an unterminated quote.");
        }

        columns = columns.Select(c => c.Trim()).ToArray();
        return columns.Any(c => string.Equals(c, ExternalIdField, StringComparison.OrdinalIgnoreCase))
            ? (columns, null)
            : (null, $"the CSV's first row must be a header with an '{ExternalIdField}' column.");
    }

    /// <summary>A contact, or the reason the line is not one.</summary>
    public static (CrmContact? Contact, string? Error) Parse(CrmRecordFormat format, string[]? csvColumns, string line) =>
        format == CrmRecordFormat.Csv ? ParseCsv(csvColumns ?? [], line) : ParseJson(line);

    private static (CrmContact?, string?) ParseCsv(string[] columns, string line)
    {
        var values = SplitCsvLine(line);
        if (values is null)
        {
            return (null, "unterminated quote (a quoted field must not span lines).");
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < columns.Length && i < values.Length; i++)
        {
            fields[columns[i]] = values[i].Trim();
        }

        return ToContact(fields);
    }

    private static (CrmContact?, string?) ParseJson(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "the line is not a JSON object.");
            }

            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                {
                    fields[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                }
            }

            return ToContact(fields);
        }
        catch (JsonException ex)
        {
            return (null, $"not valid JSON: {ex.Message}");
        }
    }

    private static (CrmContact?, string?) ToContact(Dictionary<string, string> fields)
    {
        var externalId = fields.GetValueOrDefault(ExternalIdField);
        if (string.IsNullOrWhiteSpace(externalId))
        {
            return (null, $"'{ExternalIdField}' is missing or empty.");
        }

        if (externalId.Length > CrmSyncLimits.MaxExternalIdLength || externalId.Any(char.IsControl))
        {
            return (null, $"'{ExternalIdField}' must be at most {CrmSyncLimits.MaxExternalIdLength} characters with no control characters.");
        }

        var extra = fields
            .Where(f => !NamedFields.Contains(f.Key, StringComparer.OrdinalIgnoreCase) && f.Value.Length > 0)
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        return (new CrmContact(
            externalId,
            Value(fields, "email"),
            Value(fields, "firstName"),
            Value(fields, "lastName"),
            Value(fields, "phone"),
            Value(fields, "company"),
            extra.Count > 0 ? extra : null), null);
    }

    private static string? Value(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>Splits one CSV line per RFC 4180; null when a quote is left open.</summary>
    private static string[]? SplitCsvLine(string line)
    {
        var values = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                values.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            return null;
        }

        values.Add(field.ToString());
        return values.ToArray();
    }
}
