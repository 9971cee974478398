using System.Text.Json;
using Cronos;

namespace BackgroundJobs.Api.Schedules;

/// <summary>A checked schedule as stored in <c>schedules/definitions/{name}.json</c>.</summary>
/// <param name="SavedAt">When it was last saved: occurrences before it are never due, so a new schedule does not catch up on the past.</param>
public sealed record StoredSchedule(
    string Name,
    string Cron,
    string TimeZone,
    string JobType,
    JsonElement Request,
    string Overlap,
    string CatchUp,
    bool Paused,
    DateTimeOffset SavedAt)
{
    public CronExpression Expression => ParseCron(Cron)!;

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public DateTimeOffset? NextAfter(DateTimeOffset time) => Expression.GetNextOccurrence(time, Zone);

    /// <summary>Five fields are minutes first; six are seconds first. Null when it is neither.</summary>
    public static CronExpression? ParseCron(string cron)
    {
        ArgumentNullException.ThrowIfNull(cron);
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields switch
        {
            5 => CronFormat.Standard,
            6 => CronFormat.IncludeSeconds,
            _ => (CronFormat?)null,
        };
        return format is { } f && CronExpression.TryParse(cron, f, out var expression) ? expression : null;
    }
}
