using System.Globalization;

namespace BackgroundJobs.Bench;

/// <summary><c>--name value</c> pairs, each with its default when it is not given.</summary>
internal sealed class CommandLine(string[] args)
{
    public string Value(string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    public int Number(string name, int fallback) =>
        Value(name, string.Empty) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
