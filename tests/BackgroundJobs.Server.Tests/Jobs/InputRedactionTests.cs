using BackgroundJobs.Api.Jobs;

namespace BackgroundJobs.Server.Tests.Jobs;

public sealed class InputRedactionTests
{
    [Fact]
    public void Redact_SecretKeysAndUrlQueries_AreHidden_TheRestIsKept()
    {
        const string input = """
            {
              "subject": "Hi",
              "apiKey": "k-1",
              "crm": { "Password": "p-1", "client-secret": "s-1", "accessToken": "t-1", "user": "ops" },
              "callback": { "url": "https://u:pw@hooks.example.com/in?sig=abc&x=1" },
              "links": ["https://example.com/plain", "not a url ?a=b"]
            }
            """;

        var redacted = InputRedaction.Redact(input)!.Value;

        var text = redacted.GetRawText();
        foreach (var secret in new[] { "k-1", "p-1", "s-1", "t-1", "sig=abc", "pw@" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.Equal("Hi", redacted.GetProperty("subject").GetString());
        Assert.Equal("ops", redacted.GetProperty("crm").GetProperty("user").GetString());
        Assert.Equal(InputRedaction.Redacted, redacted.GetProperty("crm").GetProperty("Password").GetString());
        Assert.Equal("https://hooks.example.com/in?[redacted]", redacted.GetProperty("callback").GetProperty("url").GetString());
        Assert.Equal("https://example.com/plain", redacted.GetProperty("links")[0].GetString());
        Assert.Equal("not a url ?a=b", redacted.GetProperty("links")[1].GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{not json")]
    public void Redact_NoOrBrokenInput_IsNull(string? input) => Assert.Null(InputRedaction.Redact(input));
}
