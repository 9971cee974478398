using BackgroundJobs.Core.Configuration;

namespace BackgroundJobs.Core.Notifications;

/// <summary>Webhook settings (section <c>Webhooks</c>), read by the delivery activities and the URL checks.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>How long after each failed attempt the next one starts (before jitter): about 16 hours in all.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
    [
        TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(8),
    ];

    /// <summary>The <c>whsec_...</c> secret every webhook is signed with. Without one, callbacks are refused.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Secrets being rotated out: they sign too, until every receiver has the new one.</summary>
    [OptionalSetting("Only while a secret is being rotated.")]
    public string[] PreviousSigningSecrets { get; set; } = [];

    /// <summary>Lets callbacks reach loopback, private, link-local and metadata addresses (local development and tests).</summary>
    [OptionalSetting("Off by default, as a deployed app must have it.")]
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Lets callbacks use plain http (local development and tests).</summary>
    [OptionalSetting("Off by default, as a deployed app must have it.")]
    public bool AllowHttp { get; set; }

    [OptionalSetting("Has a default (10 s).")]
    public int AttemptTimeoutSeconds { get; set; } = 10;

    /// <summary>Empty means <see cref="DefaultRetryDelays"/> (a configured array would be appended to a default one).</summary>
    [OptionalSetting("Has a default schedule of about 16 hours.")]
    public TimeSpan[] RetryDelays { get; set; } = [];

    public IReadOnlyList<TimeSpan> EffectiveRetryDelays => RetryDelays.Length > 0 ? RetryDelays : DefaultRetryDelays;

    public IEnumerable<string> ActiveSigningSecrets =>
        new[] { SigningSecret }.Concat(PreviousSigningSecrets).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!);
}
