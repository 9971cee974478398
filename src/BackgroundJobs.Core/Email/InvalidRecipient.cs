namespace BackgroundJobs.Core.Email;

/// <param name="Row">The CSV line (header is line 1), or the 1-based position in an inline list.</param>
public sealed record InvalidRecipient(int Row, string Email, string Reason);
