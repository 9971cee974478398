using BackgroundJobs.Core.Configuration;

namespace BackgroundJobs.Api.Schedules;

/// <summary>Settings of every schedule (<c>Schedules:*</c>).</summary>
public sealed class ScheduleOptions
{
    public const string SectionName = "Schedules";

    /// <summary>The shortest time allowed between two occurrences of a schedule's cron.</summary>
    [OptionalSetting("The one-minute default suits every deployment; tests lower it.")]
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(1);
}
