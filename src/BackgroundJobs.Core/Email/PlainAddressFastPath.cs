using System.Buffers;

namespace BackgroundJobs.Core.Email;

/// <summary>
/// The address nearly every CSV row holds: plain ASCII, an RFC 5322 dot-atom local part and a
/// domain of letters, digits and hyphens with no punycode. Checked with one scan and no allocation,
/// where <see cref="EmailAddressRules.IsValidSlow"/> would parse it with <c>MailAddress</c> only to
/// agree. Accepts a subset of what the slow path accepts and nothing else; an address it does not
/// accept is not thereby invalid, only left to the slow path.
/// </summary>
internal static class PlainAddressFastPath
{
    // RFC 5322 atext; each one is accepted by MailAddress in any position of a dot-atom and survives
    // unchanged into MailAddress.Address (the equivalence test holds the two to that).
    private static readonly SearchValues<char> AtextOrDot =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-.");

    private static readonly SearchValues<char> LetterDigitHyphenOrDot =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.");

    public static bool Accepts(ReadOnlySpan<char> address)
    {
        if (address.Length > EmailAddressRules.MaxLength)
        {
            return false;
        }

        var at = address.IndexOf('@');
        return at >= 0
            && IsDotAtom(address[..at])
            && IsPlainHost(address[(at + 1)..]);
    }

    // Every character is ASCII, so the 64-octet limit is a 64-character one.
    private static bool IsDotAtom(ReadOnlySpan<char> local) =>
        local.Length is > 0 and <= EmailAddressRules.MaxLocalPartOctets
        && !local.ContainsAnyExcept(AtextOrDot)
        && local[0] != '.'
        && local[^1] != '.'
        && !local.Contains("..", StringComparison.Ordinal);

    // "xn--" anywhere, not only at a label's start, sends the slow path through IDNA, which refuses
    // more (a hyphen in the third and fourth place of any label, as in "ab--c.fooxn--bar.io"); such
    // a host is left to it. The domain's 253-character limit needs no check of its own: with the
    // '@' and at least one character before it, a longer one is already past MaxLength.
    private static bool IsPlainHost(ReadOnlySpan<char> host)
    {
        if (host.ContainsAnyExcept(LetterDigitHyphenOrDot) || host.Contains("xn--", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var labels = 0;
        foreach (var range in host.Split('.'))
        {
            var label = host[range];
            if (label.Length is 0 or > EmailAddressRules.MaxLabelLength || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            labels++;
        }

        return labels >= 2;
    }
}
