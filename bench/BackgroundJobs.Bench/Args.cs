using System.Globalization;

namespace BackgroundJobs.Bench;

internal sealed record Args(string Engine, int Recipients, int Starts, int Clients, int FanOut, int Jobs, int? ReportRows, string ReportFormat)
{
    public static Args Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        return new Args(
            Value("--engine", "InMemory"),
            int.Parse(Value("--recipients", "100000"), CultureInfo.InvariantCulture),
            int.Parse(Value("--starts", "1000"), CultureInfo.InvariantCulture),
            int.Parse(Value("--clients", "32"), CultureInfo.InvariantCulture),
            int.Parse(Value("--fan-out", "1000"), CultureInfo.InvariantCulture),
            int.Parse(Value("--jobs", "1000"), CultureInfo.InvariantCulture),
            Value("--report-rows", string.Empty) is { Length: > 0 } rows ? int.Parse(rows, CultureInfo.InvariantCulture) : null,
            Value("--report-format", "csv"));
    }
}
