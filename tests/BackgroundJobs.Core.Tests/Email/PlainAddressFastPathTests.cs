using System.Text;
using BackgroundJobs.Core.Email;

namespace BackgroundJobs.Core.Tests.Email;

public class PlainAddressFastPathTests
{
    private const string Atext = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-";

    // What breaks an address, or sends it to the slow path: specials, whitespace, quotes, brackets,
    // non-ASCII letters (Latin, Cyrillic, Han), controls, line and hiding characters, surrogates.
    private static readonly string[] Troublemakers =
    [
        ".", "@", "-", " ", "\"", "(", ")", "[", "]", "<", ">", ",", ";", ":", "\\",
        "ä", "ü", "\u0430", "例", "\r", "\n", "\t", "\0", "\u0085", "\u2028", "\u200B", "\uD800", "\uD83D\uDE00",
        "xn--", "XN--", "xn--mnchen-3ya", "--", "..", "_",
    ];

    [Theory]
    [InlineData("user12345@example.com")]
    [InlineData("First.Last+tag@sub.example.co.uk")]
    [InlineData("a'b@x.io")]
    [InlineData("{x}@x.io")]
    [InlineData("a/b@x.io")]
    [InlineData("-a@x.io")]
    [InlineData("a.-b@x.io")]
    [InlineData("!#$%&'*+/=?^_`{|}~-@x.io")]
    [InlineData("a@EXAMPLE.COM")]
    [InlineData("a@123.456")]
    [InlineData("a@a--b.io")]
    [InlineData("a@my-example.com")]
    public void Accepts_PlainDotAtoms_WhichTheSlowPathAcceptsToo(string address)
    {
        Assert.True(PlainAddressFastPath.Accepts(address));
        Assert.True(EmailAddressRules.IsValidSlow(address));
    }

    [Fact]
    public void Accepts_TheLongestLocalPartAndAddress()
    {
        var label = new string('d', 63);
        var longest = $"a@{label}.{label}.{label}.{new string('e', 60)}";
        Assert.Equal(EmailAddressRules.MaxLength, longest.Length);
        Assert.True(PlainAddressFastPath.Accepts(longest));
        Assert.True(EmailAddressRules.IsValidSlow(longest));

        var longLocal = new string('a', EmailAddressRules.MaxLocalPartOctets) + "@example.com";
        Assert.True(PlainAddressFastPath.Accepts(longLocal));
        Assert.True(EmailAddressRules.IsValidSlow(longLocal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("@x.io")]
    [InlineData("a@")]
    [InlineData("a@x")]
    [InlineData(".a@x.io")]
    [InlineData("a.@x.io")] // MailAddress takes it; the slow path decides
    [InlineData("a..b@x.io")]
    [InlineData("a@@x.io")]
    [InlineData("a@b@x.io")]
    [InlineData("a@x..io")]
    [InlineData("a@.x.io")]
    [InlineData("a@x.io.")]
    [InlineData("a@-x.io")]
    [InlineData("a@x-.io")]
    [InlineData("a@x.io-")]
    [InlineData("a@x_y.io")]
    [InlineData("a b@x.io")]
    [InlineData("\"a b\"@x.io")]
    [InlineData("\"a\"@x.io")]
    [InlineData("a(comment)@x.io")]
    [InlineData("Ada <a@x.io>")]
    [InlineData("a@[127.0.0.1]")]
    [InlineData("ä@x.io")]
    [InlineData("a@münchen.de")]
    [InlineData("a@xn--mnchen-3ya.de")]
    [InlineData("a@XN--MNCHEN-3YA.DE")]
    [InlineData("a@xn--.com")]
    [InlineData("a@fooxn--bar.io")]
    [InlineData("a@ab--c.fooxn--bar.io")] // IDNA refuses "ab--c" once "xn--" anywhere sends the host there
    [InlineData("a@x.io\r\nBcc: b@x.io")]
    [InlineData("a\t@x.io")]
    [InlineData("a@x.io\u2028")]
    [InlineData("a\u200B@x.io")]
    public void LeavesToTheSlowPath_AnythingButAPlainDotAtom(string address)
    {
        Assert.False(PlainAddressFastPath.Accepts(address));
        Assert.Equal(EmailAddressRules.IsValidSlow(address), EmailAddressRules.IsValid(address));
    }

    [Fact]
    public void LeavesToTheSlowPath_AddressesPastTheLengthLimits()
    {
        var label = new string('d', 63);
        var domain253 = $"{label}.{label}.{label}.{new string('e', 61)}";
        string[] tooLong =
        [
            new string('a', EmailAddressRules.MaxLocalPartOctets + 1) + "@example.com",
            "a@" + domain253,
            "ab@" + domain253[..^1],
            $"a@{new string('b', 64)}.com",
        ];

        foreach (var address in tooLong)
        {
            Assert.False(PlainAddressFastPath.Accepts(address), address);
            Assert.False(EmailAddressRules.IsValidSlow(address), address);
        }
    }

    [Fact]
    public void FastAndSlowPath_AgreeOnAGeneratedCorpus()
    {
        // Fixed seed: a failure names its address and reproduces.
        var random = new Random(20240607);
        var disagreements = new List<string>();
        var acceptedFast = 0;
        const int count = 20_000;
        for (var i = 0; i < count; i++)
        {
            var address = Generate(random);
            var fast = PlainAddressFastPath.Accepts(address);
            var slow = EmailAddressRules.IsValidSlow(address);
            acceptedFast += fast ? 1 : 0;
            if ((fast && !slow) || EmailAddressRules.IsValid(address) != slow)
            {
                disagreements.Add($"{Escape(address)} (fast {fast}, slow {slow})");
            }
        }

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements, first: {string.Join("; ", disagreements.Take(5))}");
        // Only what the fast path accepts can disagree; a corpus it mostly refused would prove little.
        Assert.InRange(acceptedFast, count / 10, count);
    }

    private static string Generate(Random random) => random.Next(10) switch
    {
        < 6 => Mutate(random, PlainAddress(random)),
        < 8 => NearTheLengthLimits(random),
        _ => Noise(random),
    };

    private static string PlainAddress(Random random)
    {
        var local = string.Join('.', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Atom(random, Atext, random.Next(1, 12))));
        var domain = string.Join('.', Enumerable.Range(0, random.Next(6) == 0 ? 1 : random.Next(2, 5)).Select(_ => Label(random, random.Next(1, 12))));
        return $"{local}@{domain}";
    }

    // A local part of 62-66 characters or a whole address of 252-256, the edges of both limits.
    private static string NearTheLengthLimits(Random random)
    {
        if (random.Next(2) == 0)
        {
            return Mutate(random, $"{Atom(random, Atext, random.Next(62, 67))}@{Label(random, 8)}.com", maxEdits: 1);
        }

        var local = Atom(random, Atext, random.Next(1, 10));
        var labels = new List<string>();
        var remaining = random.Next(252, 257) - local.Length - 1;
        while (remaining > 0)
        {
            var size = Math.Min(random.Next(50, 66), remaining);
            labels.Add(Label(random, size));
            remaining -= size + 1;
        }

        return Mutate(random, $"{local}@{string.Join('.', labels)}", maxEdits: 1);
    }

    private static string Noise(Random random)
    {
        var builder = new StringBuilder();
        for (var i = random.Next(0, 24); i > 0; i--)
        {
            builder.Append(Piece(random));
        }

        return builder.ToString();
    }

    // Up to maxEdits insertions, replacements or deletions, mostly of a character that breaks an
    // address or moves it to the slow path; none at all a third of the time, so plenty stay plain.
    private static string Mutate(Random random, string address, int maxEdits = 3)
    {
        var builder = new StringBuilder(address);
        for (var edits = random.Next(3) == 0 ? 0 : random.Next(1, maxEdits + 1); edits > 0; edits--)
        {
            var at = random.Next(builder.Length + 1);
            switch (random.Next(3))
            {
                case 0:
                    builder.Insert(at, Piece(random));
                    break;
                case 1 when at < builder.Length:
                    builder.Remove(at, 1).Insert(at, Piece(random));
                    break;
                default:
                    if (at < builder.Length)
                    {
                        builder.Remove(at, 1);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    private static string Piece(Random random) => random.Next(3) == 0
        ? Atext[random.Next(Atext.Length)].ToString()
        : Troublemakers[random.Next(Troublemakers.Length)];

    private static string Atom(Random random, string alphabet, int length) =>
        string.Create(length, (random, alphabet), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
            }
        });

    private static string Label(Random random, int length)
    {
        var label = Atom(random, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", length);
        return random.Next(8) switch
        {
            0 when label.Length > 4 => "xn--" + label[4..],
            1 when label.Length > 5 => label[..1] + "xn--" + label[5..],
            // Hyphens in the third and fourth place: IDNA refuses them, but only on the IDNA path.
            2 when label.Length > 4 => label[..2] + "--" + label[4..],
            _ => label,
        };
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));
}
