using BackgroundJobs.Core.Configuration;

namespace BackgroundJobs.Infrastructure.Email;

public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>The sender when a job's message names none.</summary>
    public string From { get; set; } = "noreply@example.com";

    public string? FromName { get; set; }

    /// <summary>Where <see cref="OutboxEmailSender"/> writes <c>.eml</c> files; a relative path is taken from the content root.</summary>
    [OptionalSetting("Used only without a SendGrid key, which the Functions host requires outside Development.")]
    public string OutboxPath { get; set; } = ".data/outbox";
}
