using BackgroundJobs.Core.Email;

namespace BackgroundJobs.Core.Tests.Email;

public class EmailAddressRulesTests
{
    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("first.last+tag@mail.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    [InlineData("ada@my-example.com")]
    [InlineData("ada@xn--mnchen-3ya.de")]
    [InlineData("ada@münchen.de")]
    [InlineData("ada@пример.рф")]
    [InlineData("ada@例え.jp")]
    [InlineData("ada@a1.example.com")]
    public void IsValid_PlainAddresses_AreAccepted(string address)
    {
        Assert.True(EmailAddressRules.IsValid(address));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-an-address")]
    [InlineData("ada@localhost")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("ada@example.com\r\nBcc: victim@example.com")]
    [InlineData("ada @example.com")]
    [InlineData("ada@example.com.")]
    [InlineData("@example.com")]
    [InlineData("ada@example.com\u2028")]
    [InlineData("ada\u2029@example.com")]
    public void IsValid_MalformedOrHostileAddresses_AreRefused(string? address)
    {
        Assert.False(EmailAddressRules.IsValid(address));
    }

    [Theory]
    [InlineData("a@-example.com")]
    [InlineData("a@example-.com")]
    [InlineData("a@mail.-example.com")]
    [InlineData("a@example.com-")]
    [InlineData("a@exa_mple.com")]
    [InlineData("a@example..com")]
    [InlineData("a@exa!mple.com")]
    [InlineData("a@xn--.com")]
    public void IsValid_DomainBreakingTheRfc1035LabelRules_IsRefused(string address)
    {
        Assert.False(EmailAddressRules.IsValid(address));
    }

    [Fact]
    public void IsValid_DomainLabelOf64Characters_IsRefused_And63IsAccepted()
    {
        Assert.False(EmailAddressRules.IsValid($"a@{new string('b', 64)}.com"));
        Assert.True(EmailAddressRules.IsValid($"a@{new string('b', 63)}.com"));
    }

    [Fact]
    public void IsValid_DomainLongerThan253Characters_IsRefused()
    {
        // Four labels of 63 and a dot each, then "com": 4 * 64 + 3 = 259 characters.
        var label = new string('d', 63);
        Assert.False(EmailAddressRules.IsValid($"a@{label}.{label}.{label}.{label}.com"));
        Assert.True(EmailAddressRules.IsValid($"a@{label}.{label}.{label}.com"));
    }

    [Fact]
    public void IsValid_DomainWhosePunycodeIsLongerThan63Characters_IsRefused()
    {
        // 55 characters, 63 or fewer to the eye, but 65 as "xn--..." on the wire.
        Assert.False(EmailAddressRules.IsValid("a@überprüfungsbehördenzuständigkeitsänderungsgesetzesvorl.de"));
    }

    [Fact]
    public void IsValid_LocalPartOf65Octets_IsRefused_And64IsAccepted()
    {
        Assert.False(EmailAddressRules.IsValid(new string('a', 65) + "@example.com"));
        Assert.True(EmailAddressRules.IsValid(new string('a', 64) + "@example.com"));
    }

    [Fact]
    public void IsValid_LocalPartOver64OctetsInUtf8_IsRefused()
    {
        // 33 characters, 66 octets in UTF-8: the limit is on octets (RFC 5321 4.5.3.1.1).
        Assert.False(EmailAddressRules.IsValid(new string('ä', 33) + "@example.com"));
    }

    [Fact]
    public void IsValid_LongerThan254Characters_IsRefused()
    {
        Assert.False(EmailAddressRules.IsValid(new string('a', 250) + "@example.com"));
    }

    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("ada@пример.рф")]
    [InlineData("ada@münchen.de")]
    [InlineData("ada@例え.jp")]
    [InlineData("ada@ελλάδα.gr")]
    public void IsValidSender_OneScriptPerLabel_IsAccepted(string address)
    {
        Assert.True(EmailAddressRules.IsValidSender(address));
    }

    [Theory]
    [InlineData("billing@p\u0430ypal.com")] // Cyrillic а in a Latin label
    [InlineData("billing@\u0440aypal.com")] // Cyrillic р
    [InlineData("billing@paypal.c\u043Em")] // Cyrillic о in the top-level label
    [InlineData("billing@g\u03BFogle.com")] // Greek ο
    [InlineData("bill\u0456ng@paypal.com")] // Cyrillic і in the local part
    [InlineData("billing@xn--pypal-4ve.com")] // the same homoglyph, sent already in punycode
    public void IsValidSender_LatinMixedWithCyrillicOrGreekInOneLabel_IsRefused(string address)
    {
        Assert.True(EmailAddressRules.IsValid(address), "a recipient's address may mix scripts; only a sender's may not");
        Assert.False(EmailAddressRules.IsValidSender(address));
    }
}
