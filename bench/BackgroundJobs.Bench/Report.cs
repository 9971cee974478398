using System.Text.Encodings.Web;
using System.Text.Json;

namespace BackgroundJobs.Bench;

/// <summary>One JSON object per line, so figures can be compared and collected by a script.</summary>
internal static class Report
{
    // Read by people in a terminal as much as by scripts: "<=" stays "<=".
    private static readonly JsonSerializerOptions Printed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Line(string figure, object values)
    {
        // A field that does not apply to a figure (null) is left out rather than printed as null.
        var fields = JsonSerializer.SerializeToElement(values).EnumerateObject()
            .Where(p => p.Value.ValueKind != JsonValueKind.Null)
            .ToDictionary(p => p.Name, p => (object)p.Value);
        fields["figure"] = figure;
        Console.WriteLine(JsonSerializer.Serialize(fields, Printed));
    }
}
