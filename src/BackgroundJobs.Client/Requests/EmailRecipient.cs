namespace BackgroundJobs.Client.Requests;

/// <summary>One inline recipient; <see cref="Data"/> fills the message's <c>{{field}}</c> placeholders.</summary>
public sealed record EmailRecipient(string Email, string? Name = null, IReadOnlyDictionary<string, string>? Data = null);
