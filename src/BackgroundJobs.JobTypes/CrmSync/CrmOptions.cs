using BackgroundJobs.Core.Configuration;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// The CRM's REST API (contract in docs/jobs/crm-sync.md). Without <see cref="BaseUrl"/> a CRM sync is refused
/// at the door (503 naming this setting); a scheduled one, which has no door, fails at once saying so.
/// </summary>
public sealed class CrmOptions
{
    public const string SectionName = "Crm";

    /// <summary>Such as <c>https://crm.example.com/api/</c>; <c>contacts/batch-upsert</c> is appended.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer {ApiKey}</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The CRM's rate limit; the whole process stays under it, however many syncs run.</summary>
    public double RequestsPerSecond { get; set; } = 10;

    /// <summary>How long one batch upsert may take before it counts as a transient failure.</summary>
    [OptionalSetting("The default suits the CRM contract; change it only for a slow CRM.")]
    public int TimeoutSeconds { get; set; } = 30;
}
