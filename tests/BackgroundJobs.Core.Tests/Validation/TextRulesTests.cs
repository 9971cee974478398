using BackgroundJobs.Core.Validation;

namespace BackgroundJobs.Core.Tests.Validation;

public class TextRulesTests
{
    [Theory]
    [InlineData("Hello {{name}}")]
    [InlineData("Grüße aus Köln")]
    [InlineData("日本語の件名")]
    [InlineData("Family 👨‍👩‍👧 (emoji joined with U+200D)")]
    [InlineData("नमस्ते")]
    [InlineData("")]
    public void IsSafeSingleLine_OrdinaryTextInAnyScript_IsAllowed(string text) => Assert.True(TextRules.IsSafeSingleLine(text));

    [Theory]
    [InlineData("Hi\r\nBcc: victim@example.com")]
    [InlineData("tab\there")]
    [InlineData("nul\0")]
    [InlineData("next\u0085line")]
    [InlineData("line\u2028separator")]
    [InlineData("paragraph\u2029separator")]
    [InlineData("vertical\u000Btab")]
    [InlineData("evil\u202Egnp.exe")]
    [InlineData("iso\u2066late\u2069")]
    [InlineData("zero\u200Bwidth")]
    [InlineData("\uFEFFbom")]
    [InlineData("mark\u200F")]
    public void IsSafeSingleLine_ControlHiddenOrBrokenCharacters_AreRefused(string text) => Assert.False(TextRules.IsSafeSingleLine(text));

    [Fact]
    public void IsSafeSingleLine_HalfASurrogatePair_IsRefused()
    {
        // Built here, not in [InlineData]: the test runner would turn a lone surrogate into U+FFFD.
        Assert.False(TextRules.IsSafeSingleLine("half " + '\ud800' + " pair"));
        Assert.False(TextRules.IsSafeSingleLine("low " + '\udc00' + " first"));
        Assert.False(TextRules.IsSafeSingleLine("ends " + '\ud83d'));
    }
}
