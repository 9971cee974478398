namespace BackgroundJobs.Core.Email;

public sealed record EmailSendResult(
    EmailSendOutcome Outcome,
    int? StatusCode = null,
    string? Error = null,
    TimeSpan? RetryAfter = null)
{
    public static EmailSendResult Accepted(int statusCode = 202) => new(EmailSendOutcome.Accepted, statusCode);
}
