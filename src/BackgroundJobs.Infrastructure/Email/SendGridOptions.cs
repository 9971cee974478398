using BackgroundJobs.Core.Configuration;

namespace BackgroundJobs.Infrastructure.Email;

/// <summary>SendGrid's v3 API. Without <see cref="ApiKey"/>, e-mail goes to the outbox folder instead.</summary>
public sealed class SendGridOptions
{
    public const string SectionName = "SendGrid";

    public string? ApiKey { get; set; }

    /// <summary>Another address for the API, such as a local stand-in; SendGrid's own when unset.</summary>
    [OptionalSetting("Only a local SendGrid stand-in needs another address.")]
    public string? BaseUrl { get; set; }

    /// <summary>How long one send request may take before it counts as a transient failure.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Ask SendGrid's Email Activity API (<c>GET /v3/messages</c>, a paid add-on; the key needs
    /// Email Activity access) whether it took a batch whose sending attempt died mid-request, so that
    /// such a batch is neither lost nor sent twice. Off: such a batch is recorded as "outcome unknown".
    /// </summary>
    [OptionalSetting("Needs SendGrid's paid Email Activity add-on; off, a batch whose attempt died mid-send is reported, not resent.")]
    public bool EmailActivityLookup { get; set; }
}
