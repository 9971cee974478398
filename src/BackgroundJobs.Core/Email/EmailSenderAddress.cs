namespace BackgroundJobs.Core.Email;

public sealed record EmailSenderAddress(string Email, string? Name = null);
