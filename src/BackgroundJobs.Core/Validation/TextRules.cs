using System.Globalization;

namespace BackgroundJobs.Core.Validation;

/// <summary>
/// What a one-line text that reaches another system (a subject, a display name, an address, a
/// reason) must not hold: control characters and the Unicode line and paragraph separators
/// U+2028 and U+2029 (line breaks inject mail headers; NEL, U+0085, is a control), characters that
/// reorder or hide text (bidirectional overrides, zero-width spaces, a byte-order mark: spoofing),
/// and halves of surrogate pairs (not text at all). Joiners stay allowed: emoji and several
/// scripts need them.
/// </summary>
public static class TextRules
{
    public static bool IsSafeSingleLine(string? text)
    {
        if (text is null)
        {
            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsControl(c) || char.IsSurrogate(c) || IsLineBreak(c) || IsHiding(c))
            {
                return false;
            }
        }

        return true;
    }

    // Not controls, but line breaks to whatever renders or re-encodes the text (mail clients,
    // JavaScript before ES2019, a header folded by a library that follows Unicode's line rules).
    private static bool IsLineBreak(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    // U+200B zero-width space, U+200E/U+200F direction marks, U+202A-U+202E embeddings and
    // overrides, U+2060-U+2064 invisible operators, U+2066-U+2069 isolates, U+FEFF byte-order mark.
    private static bool IsHiding(char c) =>
        c is '\u200B' or '\u200E' or '\u200F' or '\uFEFF'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2060' and <= '\u2064'
        || c is >= '\u2066' and <= '\u2069';
}
