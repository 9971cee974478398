using System.Globalization;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>
/// What the job-history report is, independent of the engine that answers it: its columns and how
/// its time range is split. The rows come from the engine's instance query, which only a host can
/// reach (see <see cref="WriteJobHistoryReportPartActivity"/>), so the split is done here, in the
/// orchestrator, from the request alone.
/// </summary>
public static class JobHistoryReport
{
    public static IReadOnlyList<ReportColumn> Columns { get; } =
    [
        new("id"),
        new("type"),
        new("status"),
        new("createdAt"),
        new("endedAt"),
        new("durationSeconds", ReportColumnKind.Number),
        new("errorType"),
        new("errorMessage"),
    ];

    /// <summary>Slices shorter than this are not worth a range of their own.</summary>
    private static readonly TimeSpan MinSlice = TimeSpan.FromHours(1);

    /// <summary>
    /// The range [from, to) in up to <see cref="ReportLimits.MaxRanges"/> equal slices, newest first
    /// (the report lists jobs newest first, as <c>GET /api/jobs</c> does): one start token per slice,
    /// <c>{startTicks}-{endTicks}</c>, both in UTC ticks, end exclusive.
    /// </summary>
    public static IReadOnlyList<string> Split(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return [];
        }

        var length = to - from;
        var slices = (int)Math.Clamp(Math.Ceiling(length / MinSlice), 1, ReportLimits.MaxRanges);
        var tokens = new List<string>(slices);
        for (var i = slices - 1; i >= 0; i--)
        {
            var start = from.UtcTicks + (length.Ticks * i / slices);
            var end = i == slices - 1 ? to.UtcTicks : from.UtcTicks + (length.Ticks * (i + 1) / slices);
            tokens.Add(string.Create(CultureInfo.InvariantCulture, $"{start}-{end}"));
        }

        return tokens;
    }

    /// <summary>Reads a slice token back; <paramref name="cursor"/> is what follows a second '-', where a page left off.</summary>
    public static bool TryParse(string token, out DateTimeOffset start, out DateTimeOffset end, out string? cursor)
    {
        ArgumentNullException.ThrowIfNull(token);
        (start, end, cursor) = (default, default, null);
        var parts = token.Split('-', 3);
        if (parts.Length < 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var startTicks)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var endTicks)
            || startTicks > endTicks || endTicks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        start = new DateTimeOffset(startTicks, TimeSpan.Zero);
        end = new DateTimeOffset(endTicks, TimeSpan.Zero);
        cursor = parts.Length == 3 ? parts[2] : null;
        return true;
    }

    public static string WithCursor(DateTimeOffset start, DateTimeOffset end, string cursor) =>
        string.Create(CultureInfo.InvariantCulture, $"{start.UtcTicks}-{end.UtcTicks}-{cursor}");

    /// <summary>An ISO 8601 duration (<c>P1D</c>, <c>PT6H30M</c>), or null if it is not one.</summary>
    public static TimeSpan? ParseDuration(string? value)
    {
        try
        {
            return value is null ? null : System.Xml.XmlConvert.ToTimeSpan(value);
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>
    /// A request for the period <c>last</c> made into the range that ends at <paramref name="now"/>,
    /// the job's own (replay-safe) clock when it starts; any other request as it is.
    /// </summary>
    public static ReportRequest FixRange(ReportRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ParseDuration(request.Last) is not { } last)
        {
            return request;
        }

        var to = now.ToUniversalTime();
        return request with
        {
            From = (to - last).ToString("O", CultureInfo.InvariantCulture),
            To = to.ToString("O", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The request's range; the endpoint has checked both times, so this only parses.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) RangeOf(ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (Parse(request.From), Parse(request.To));
    }

    private static DateTimeOffset Parse(string? value) =>
        DateTimeOffset.Parse(value ?? throw new Core.Jobs.InvalidJobInputException("A job-history report needs from and to."), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
}
