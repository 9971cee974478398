namespace BackgroundJobs.Client.Requests;

/// <summary>The <c>from</c> of a bulk e-mail; left out, the host's <c>Email:From</c>.</summary>
public sealed record EmailSender(string Email, string? Name = null);
