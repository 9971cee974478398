using System.Buffers.Text;
using System.Globalization;
using System.Text;
using BackgroundJobs.Api.Http;
using BackgroundJobs.Api.Jobs;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Runtime;

/// <summary>
/// Reads the query parameters of the Durable Functions HTTP API. The Functions extension ignores a
/// value it cannot parse (<c>showInput=2</c> shows the input); here it is a <c>400</c> naming the
/// parameter, as every other client error of this API is. <c>taskHub</c>, <c>connection</c> and
/// <c>code</c>, which the management URLs of Functions carry, are accepted and need no reading:
/// the server has one task hub and checks <c>code</c> in its key middleware.
/// </summary>
internal static class RuntimeQuery
{
    public const int DefaultTop = 100;
    public const int MaxTop = 1000;

    private const string TokenMarker = "dt1.";
    private const int MaxTokenLength = 8192;

    /// <summary>The statuses a purge may name: a running instance is terminated before it is purged.</summary>
    public static readonly OrchestrationRuntimeStatus[] Finished =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    // The reference's values; Canceled and ContinuedAsNew are what the engine reports as Terminated and Running.
    private static readonly Dictionary<string, OrchestrationRuntimeStatus> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Pending"] = OrchestrationRuntimeStatus.Pending,
        ["Running"] = OrchestrationRuntimeStatus.Running,
        ["ContinuedAsNew"] = OrchestrationRuntimeStatus.Running,
        ["Suspended"] = OrchestrationRuntimeStatus.Suspended,
        ["Completed"] = OrchestrationRuntimeStatus.Completed,
        ["Failed"] = OrchestrationRuntimeStatus.Failed,
        ["Terminated"] = OrchestrationRuntimeStatus.Terminated,
        ["Canceled"] = OrchestrationRuntimeStatus.Terminated,
    };

    /// <summary><c>true</c> or <c>false</c> (any case), or <paramref name="absent"/> when the parameter is not given.</summary>
    public static (bool Value, IResult? Problem) Flag(IQueryCollection query, string name, bool absent)
    {
        if (Single(query, name) is not { } text)
        {
            return (absent, Once(query, name));
        }

        return bool.TryParse(text, out var value) ? (value, null) : (absent, Problems.Field(name, "must be true or false."));
    }

    /// <summary>The list's and the purge's filter. A purge must name <c>createdTimeFrom</c>, and only finished statuses.</summary>
    public static (InstanceFilter? Filter, IResult? Problem) Filter(IQueryCollection query, bool forPurge)
    {
        DateTimeOffset? from = null;
        DateTimeOffset? to = null;
        foreach (var name in new[] { "createdTimeFrom", "createdTimeTo" })
        {
            if (Single(query, name) is not { } text)
            {
                if (Once(query, name) is { } twice)
                {
                    return (null, twice);
                }

                continue;
            }

            if (JobFilter.ParseTime(text) is not { } time)
            {
                return (null, Problems.Field(name, "must be an ISO 8601 time with a zone, such as 2026-11-28T05:00:00Z."));
            }

            if (name == "createdTimeFrom")
            {
                from = time;
            }
            else
            {
                to = time;
            }
        }

        if (forPurge && from is null)
        {
            return (null, Problems.Field("createdTimeFrom", "is required: a purge names the oldest creation time it may delete."));
        }

        if (from > to)
        {
            return (null, Problems.Field("createdTimeTo", "must not be before createdTimeFrom."));
        }

        var (statuses, statusProblem) = RuntimeStatuses(query, forPurge);
        if (statusProblem is not null)
        {
            return (null, statusProblem);
        }

        var prefix = Single(query, "instanceIdPrefix");
        if (Once(query, "instanceIdPrefix") is { } prefixTwice)
        {
            return (null, prefixTwice);
        }

        return (new InstanceFilter(from, to, statuses, string.IsNullOrEmpty(prefix) ? null : prefix), null);
    }

    /// <summary><c>top</c>: the page size, 1 to <see cref="MaxTop"/>.</summary>
    public static (int Value, IResult? Problem) Top(IQueryCollection query)
    {
        if (Single(query, "top") is not { } text)
        {
            return (DefaultTop, Once(query, "top"));
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var top) && top is >= 1 and <= MaxTop
            ? (top, null)
            : (DefaultTop, Problems.Field("top", $"must be a whole number from 1 to {MaxTop}."));
    }

    private static (IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses, IResult? Problem) RuntimeStatuses(IQueryCollection query, bool forPurge)
    {
        var values = query["runtimeStatus"];
        if (values.Count == 0)
        {
            return (forPurge ? Finished : null, null);
        }

        var allowed = forPurge ? string.Join(", ", Finished) : string.Join(", ", Statuses.Keys);
        var statuses = new HashSet<OrchestrationRuntimeStatus>();
        foreach (var name in values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (!Statuses.TryGetValue(name, out var status) || (forPurge && !Finished.Contains(status)))
            {
                return (null, Problems.Field("runtimeStatus", $"must be a comma-separated list of {allowed}."));
            }

            statuses.Add(status);
        }

        return statuses.Count == 0 ? (null, Problems.Field("runtimeStatus", $"must be a comma-separated list of {allowed}.")) : (statuses, null);
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    private static IResult? Once(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 1 ? Problems.Field(name, "must be given at most once.") : null;

    /// <summary>
    /// The <c>x-ms-continuation-token</c> the list answers with: the engine's token behind a marker.
    /// Azure Storage takes any text as a position in its table and answers from there, so a token
    /// the server did not hand out is only recognisable by what the server wraps around its own.
    /// </summary>
    public static string EncodeToken(string engineToken) =>
        TokenMarker + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(engineToken));

    /// <summary>The engine's token, or null when <paramref name="token"/> is not one <see cref="EncodeToken"/> made.</summary>
    public static string? DecodeToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.StartsWith(TokenMarker, StringComparison.Ordinal) || token.Length > MaxTokenLength)
        {
            return null;
        }

        var encoded = token.AsSpan(TokenMarker.Length);
        var bytes = new byte[Base64Url.GetMaxDecodedLength(encoded.Length)];
        if (!Base64Url.TryDecodeFromChars(encoded, bytes, out var length) || length == 0)
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
