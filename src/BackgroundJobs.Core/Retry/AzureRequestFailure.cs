using System.Globalization;
using System.Text.RegularExpressions;

namespace BackgroundJobs.Core.Retry;

/// <summary>
/// Whether an Azure SDK <c>RequestFailedException</c> is worth another attempt, told from its HTTP
/// status: 408, 429 and 5xx are; any other answer (403 refused, 404 missing, 409 conflict...) comes
/// back the same on every attempt, so the task fails at once with the SDK's message as the reason.
/// </summary>
/// <remarks>
/// Only the error's type and message reach the orchestrator's retry handler (on Functions they cross
/// the host as text), so the status is read from the message, where the SDK writes it on a line of
/// its own (<c>Status: 404 (The specified blob does not exist.)</c>). A message without that line is
/// an error that got no answer at all (status 0): the network, so it is retried.
/// </remarks>
public static partial class AzureRequestFailure
{
    public const string ErrorType = "Azure.RequestFailedException";

    public static bool IsTransient(string? message) =>
        StatusIn(message) is not { } status || status is 408 or 429 or >= 500;

    /// <summary>The HTTP status the SDK wrote into the message, or null when it wrote none.</summary>
    public static int? StatusIn(string? message) =>
        message is not null && StatusLine().Match(message) is { Success: true } match
            ? int.Parse(match.Groups["status"].Value, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;

    // The first such line: the SDK writes it before the response's headers and content, which the
    // service wrote and which must not decide the retry.
    [GeneratedRegex(@"^Status: (?<status>[1-5][0-9]{2})\b", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex StatusLine();
}
