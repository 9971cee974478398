namespace BackgroundJobs.StandIns;

/// <summary>One recipient the stand-in accepted: its personalization as SendGrid would have used it.</summary>
public sealed record SendGridStandInRecipient(
    string Email,
    string? Name,
    string? BatchId,
    IReadOnlyDictionary<string, string> Substitutions,
    IReadOnlyDictionary<string, string> TemplateData);
