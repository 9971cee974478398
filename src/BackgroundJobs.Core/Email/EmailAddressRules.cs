using System.Net.Mail;
using BackgroundJobs.Core.Validation;

namespace BackgroundJobs.Core.Email;

/// <summary>
/// What counts as a deliverable address here: a bare <c>local@domain.tld</c>, no display name, no
/// control characters (which would allow header injection), at most 254 characters (RFC 5321).
/// </summary>
public static class EmailAddressRules
{
    public const int MaxLength = 254;

    public static bool IsValid(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Length > MaxLength || !TextRules.IsSafeSingleLine(address) || address.Any(char.IsWhiteSpace))
        {
            return false;
        }

        if (!MailAddress.TryCreate(address, out var parsed) || !string.Equals(parsed.Address, address, StringComparison.Ordinal))
        {
            return false;
        }

        var host = parsed.Host;
        return host.Contains('.', StringComparison.Ordinal) && !host.StartsWith('.') && !host.EndsWith('.');
    }
}
