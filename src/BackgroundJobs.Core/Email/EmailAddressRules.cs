using System.Globalization;
using System.Net.Mail;
using System.Text;
using BackgroundJobs.Core.Validation;

namespace BackgroundJobs.Core.Email;

/// <summary>
/// What counts as a deliverable address here: a bare <c>local@domain.tld</c>, no display name, no
/// control characters (which would allow header injection), at most 254 characters (RFC 5321), a
/// local part of at most 64 octets (RFC 5321 4.5.3.1.1), and a domain that is a host name by the
/// RFC 1035 label rules once internationalized labels are turned into punycode (IDNA). Every place
/// that checks an address (inline recipients, CSV rows, <c>notifyEmail</c>, <c>from</c>, the
/// configured sender and alert address) goes through this one class.
/// </summary>
public static class EmailAddressRules
{
    public const int MaxLength = 254;
    public const int MaxLocalPartOctets = 64;
    public const int MaxDomainLength = 253;
    public const int MaxLabelLength = 63;

    public static bool IsValid(string? address) =>
        (address is not null && PlainAddressFastPath.Accepts(address)) || IsValidSlow(address);

    // The whole rule set, for any address; PlainAddressFastPath only ever agrees with it, sooner.
    // Internal so the tests can hold the two to that.
    internal static bool IsValidSlow(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Length > MaxLength || !TextRules.IsSafeSingleLine(address) || address.Any(char.IsWhiteSpace))
        {
            return false;
        }

        if (!MailAddress.TryCreate(address, out var parsed) || !string.Equals(parsed.Address, address, StringComparison.Ordinal))
        {
            return false;
        }

        return Encoding.UTF8.GetByteCount(parsed.User) <= MaxLocalPartOctets && AsciiDomain(parsed.Host) is not null;
    }

    /// <summary>
    /// A valid address that may also stand in <c>From</c>: no label of its local part or domain
    /// mixes Latin with Cyrillic, Greek or Armenian letters, the look-alikes of a homoglyph spoof
    /// (<c>pаypal.com</c> with a Cyrillic <c>а</c>). A whole label in one script stays allowed
    /// (<c>пример.рф</c>); so does mixing scripts that share no look-alike letters (Japanese kana and Han).
    /// </summary>
    public static bool IsValidSender(string? address)
    {
        if (!IsValid(address))
        {
            return false;
        }

        var at = address!.LastIndexOf('@');
        var localPart = address[..at];
        // Judged on the Unicode form, so the same spoof sent already in punycode (xn--...) is caught too.
        var domain = NewIdn().GetUnicode(AsciiDomain(address[(at + 1)..])!);
        return localPart.Split('.').Concat(domain.Split('.')).All(label => !MixesConfusableScripts(label));
    }

    // The domain in ASCII (punycode for internationalized labels), or null when it is no host name:
    // at least two labels, each 1-63 letters, digits or hyphens, none starting or ending with a
    // hyphen, 253 characters in all.
    private static string? AsciiDomain(string host)
    {
        // Most addresses are plain ASCII with no punycode: checked here without the IDNA conversion,
        // which every CSV row would otherwise pay for.
        var plain = Ascii.IsValid(host) && !host.Contains("xn--", StringComparison.OrdinalIgnoreCase);
        string ascii;
        try
        {
            ascii = plain ? host : NewIdn().GetAscii(host);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var labels = ascii.Split('.');
        var valid = ascii.Length <= MaxDomainLength
            && labels.Length >= 2
            && labels.All(label => label.Length is > 0 and <= MaxLabelLength
                && label[0] != '-' && label[^1] != '-'
                && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
        if (!valid)
        {
            return null;
        }

        if (plain)
        {
            return ascii;
        }

        // An "xn--" label must decode (GetAscii passes one that is already ASCII through unchecked).
        try
        {
            NewIdn().GetUnicode(ascii);
            return ascii;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // UseStd3AsciiRules: only letters, digits and hyphens, the RFC 1035 host-name alphabet. One per
    // use: IdnMapping's instance members are not documented as thread-safe.
    private static IdnMapping NewIdn() => new() { UseStd3AsciiRules = true };

    private static bool MixesConfusableScripts(string label)
    {
        var seen = Script.None;
        foreach (var c in label)
        {
            var script = ScriptOf(c);
            if (script == Script.None)
            {
                continue;
            }

            if (seen != Script.None && seen != script)
            {
                return true;
            }

            seen = script;
        }

        return false;
    }

    // The scripts whose letters pass for one another; digits, hyphens and other scripts count as none.
    private static Script ScriptOf(char c) => c switch
    {
        _ when char.IsAsciiLetter(c) => Script.Latin,
        >= '\u00C0' and <= '\u024F' when char.IsLetter(c) => Script.Latin,
        >= '\u1E00' and <= '\u1EFF' => Script.Latin,
        >= '\u0370' and <= '\u03FF' when char.IsLetter(c) => Script.Greek,
        >= '\u1F00' and <= '\u1FFF' => Script.Greek,
        >= '\u0400' and <= '\u052F' => Script.Cyrillic,
        >= '\u1C80' and <= '\u1C8F' => Script.Cyrillic,
        >= '\u2DE0' and <= '\u2DFF' => Script.Cyrillic,
        >= '\uA640' and <= '\uA69F' => Script.Cyrillic,
        >= '\u0530' and <= '\u058F' when char.IsLetter(c) => Script.Armenian,
        _ => Script.None,
    };

    private enum Script
    {
        None,
        Latin,
        Greek,
        Cyrillic,
        Armenian,
    }
}
