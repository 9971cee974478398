namespace BackgroundJobs.Api.Schedules;

/// <summary>
/// Registered by a job type whose settings can ask for a schedule (as <c>Crm:Schedule:*</c> did before
/// schedules were data); <see cref="ScheduleSeeder"/> applies each one when the host starts.
/// </summary>
public interface IScheduleSeed
{
    /// <summary>The schedule these settings ask for, or null when they ask for none.</summary>
    ScheduleSeed? Schedule { get; }
}
