using System.ComponentModel.DataAnnotations;
using BackgroundJobs.Core.Configuration;

namespace BackgroundJobs.Api.Jobs;

/// <summary><c>Jobs:RetentionDays</c>: completed jobs older than this are purged on a schedule; failed and canceled ones are kept.</summary>
public sealed class JobRetentionOptions
{
    public const string SectionName = "Jobs";

    [OptionalSetting("Defaults to 30 days, which suits a deployment that does not ask for another retention.")]
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 30;
}
