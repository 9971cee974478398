using System.Globalization;
using System.Text.RegularExpressions;

namespace BackgroundJobs.Core.Retry;

/// <summary>
/// Writes and reads a server's <c>Retry-After</c> in a failure message as <c>[retry-after=12.5s]</c>.
/// One format, one place, so that the activity that saw the header and the orchestrator's retry
/// handler agree.
/// </summary>
public static partial class RetryAfterHint
{
    public static string Append(string message, TimeSpan? retryAfter) =>
        retryAfter is { } delay
            ? string.Create(CultureInfo.InvariantCulture, $"{message} [retry-after={delay.TotalSeconds:0.###}s]")
            : message;

    public static TimeSpan? Parse(string? message)
    {
        if (message is null)
        {
            return null;
        }

        var match = HintPattern().Match(message);
        return match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    // Only at the very end, where Append puts it: the message before it quotes the provider's error
    // body, which must not be able to set our delay.
    [GeneratedRegex(@" \[retry-after=([0-9]{1,9}(?:\.[0-9]+)?)s\]\z", RegexOptions.CultureInvariant)]
    private static partial Regex HintPattern();
}
