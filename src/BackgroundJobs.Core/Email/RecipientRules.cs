using BackgroundJobs.Core.Validation;

namespace BackgroundJobs.Core.Email;

/// <summary>
/// What one recipient must satisfy, inline or from a CSV row: a valid address, a display name
/// without control characters, and bounded data. One rule set, so that a CSV row the start
/// endpoint never saw cannot make the provider reject a whole batch.
/// </summary>
public static class RecipientRules
{
    public const int MaxNameLength = 256;
    public const int MaxDataFields = 50;
    public const int MaxDataKeyLength = 64;
    public const int MaxDataValueLength = 1024;

    /// <summary>Null when the recipient is fine; else the offending field (<c>email</c>, <c>name</c> or <c>data</c>) and why.</summary>
    public static (string Field, string Message)? Check(EmailRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        if (!EmailAddressRules.IsValid(recipient.Email))
        {
            return ("email", "is not a valid e-mail address.");
        }

        if (!IsValidDisplayName(recipient.Name))
        {
            return ("name", $"must be at most {MaxNameLength} characters with no line breaks, control or hidden characters.");
        }

        if (recipient.Data is { } data && (data.Count > MaxDataFields
            || data.Any(p => p.Key.Length is 0 or > MaxDataKeyLength || !TextRules.IsSafeSingleLine(p.Key) || p.Value is null || p.Value.Length > MaxDataValueLength)))
        {
            return ("data", $"at most {MaxDataFields} fields; keys 1-{MaxDataKeyLength} characters, values strings of at most {MaxDataValueLength}.");
        }

        return null;
    }

    public static bool IsValidDisplayName(string? name) =>
        name is null || (name.Length <= MaxNameLength && TextRules.IsSafeSingleLine(name));
}
