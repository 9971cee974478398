using System.Text.Json;

namespace BackgroundJobs.Bench;

/// <summary>One JSON object per line, so figures can be compared and collected by a script.</summary>
internal static class Report
{
    public static void Line(string figure, object values)
    {
        var fields = JsonSerializer.SerializeToElement(values).EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        fields["figure"] = figure;
        Console.WriteLine(JsonSerializer.Serialize(fields));
    }
}
