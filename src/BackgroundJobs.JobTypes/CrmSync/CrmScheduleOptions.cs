using BackgroundJobs.Core.Configuration;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// The recurring CRM sync of earlier versions: when both are set, they seed the schedule
/// <c>crm-sync</c> at start-up (<see cref="CrmScheduleSeed"/>). A feed (an export from another
/// system) overwrites the source blob; each run syncs it as it is at that moment.
/// </summary>
public sealed class CrmScheduleOptions
{
    public const string SectionName = "Crm:Schedule";

    /// <summary>Six fields with seconds first, in UTC (<c>0 0 2 * * *</c> is daily at 02:00), as a schedule's cron.</summary>
    public string? Cron { get; set; }

    /// <summary>A blob under <c>uploads/</c>, such as <c>uploads/crm-feed.csv</c>.</summary>
    [OptionalSetting("Unset turns the recurring sync off; main.bicep passes it through as a parameter.")]
    public string? SourceBlob { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Cron) && !string.IsNullOrWhiteSpace(SourceBlob);
}
