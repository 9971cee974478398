namespace BackgroundJobs.Core.Email;

/// <summary>
/// The content shared by every recipient of a job: a subject with <c>html</c> and/or <c>text</c>, or
/// a provider template. <c>{{field}}</c> placeholders are replaced per recipient.
/// </summary>
public sealed record EmailMessage(
    EmailSenderAddress? From,
    string? Subject,
    string? Html,
    string? Text,
    string? TemplateId);
