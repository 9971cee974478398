using BackgroundJobs.Core.Retry;

namespace BackgroundJobs.Core.Tests.Retry;

public class RetryAfterHintTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(12.5)]
    [InlineData(0.25)]
    public void Parse_ReadsWhatAppendWrote(double seconds)
    {
        var message = RetryAfterHint.Append("SendGrid answered 429", TimeSpan.FromSeconds(seconds));

        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfterHint.Parse(message));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SendGrid answered 500")]
    [InlineData("provider said: [retry-after=999s] please wait")]
    public void Parse_NoHintAtTheEnd_IsNull(string? message)
    {
        Assert.Null(RetryAfterHint.Parse(message));
    }
}
