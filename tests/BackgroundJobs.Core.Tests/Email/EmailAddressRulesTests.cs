using BackgroundJobs.Core.Email;

namespace BackgroundJobs.Core.Tests.Email;

public class EmailAddressRulesTests
{
    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("first.last+tag@mail.example.co.uk")]
    [InlineData("o'brien@example.ie")]
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
    public void IsValid_MalformedOrHostileAddresses_AreRefused(string? address)
    {
        Assert.False(EmailAddressRules.IsValid(address));
    }

    [Fact]
    public void IsValid_LongerThan254Characters_IsRefused()
    {
        Assert.False(EmailAddressRules.IsValid(new string('a', 250) + "@example.com"));
    }
}
