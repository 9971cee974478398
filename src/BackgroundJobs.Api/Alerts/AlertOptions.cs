using BackgroundJobs.Core.Configuration;

namespace BackgroundJobs.Api.Alerts;

/// <summary>
/// Section <c>Alerts</c>: when operators are told that jobs are failing or waiting too long. Each
/// condition alerts at most once per <see cref="Window"/>.
/// </summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>More failed jobs than this within <see cref="Window"/> raises an alert.</summary>
    [OptionalSetting("Has a default (10 failed jobs).")]
    public int FailureThreshold { get; set; } = 10;

    [OptionalSetting("Has a default (15 minutes).")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A job still pending after this long raises an alert: the workers are not keeping up, or are down.</summary>
    [OptionalSetting("Has a default (15 minutes).")]
    public TimeSpan MaxPendingAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the server checks; the Functions timer checks every minute.</summary>
    [OptionalSetting("Has a default (1 minute).")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The operators' webhook; signed like job webhooks when a signing secret is set.</summary>
    [OptionalSetting("Without it alerts go by e-mail, or only to the log.")]
    public string? WebhookUrl { get; set; }

    [OptionalSetting("Without it alerts go to the webhook, or only to the log.")]
    public string? Email { get; set; }
}
