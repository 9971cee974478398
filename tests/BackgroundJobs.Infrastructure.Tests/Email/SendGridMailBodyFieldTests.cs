using System.Globalization;
using System.Text.Json.Nodes;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Infrastructure.Email;

namespace BackgroundJobs.Infrastructure.Tests.Email;

/// <summary>
/// The body writer encodes each field key's name once a batch and reuses it for later recipients:
/// these check that every recipient still gets its own fields, whatever order, mix or text its keys
/// come in, and that text JSON must escape arrives as the recipient's text.
/// </summary>
public sealed class SendGridMailBodyFieldTests
{
    private static readonly EmailSenderAddress DefaultFrom = new("jobs@example.org");

    // What JSON must escape, HTML's specials, an emoji (a surrogate pair), a line separator and a control character.
    private const string Tricky = "<script>alert(\"x\\y\")</script> & Zoë 😀 \u2028 \u0001";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_KeysInAnyOrderOrMix_EachRecipientGetsItsOwnFields(bool usesTemplate)
    {
        EmailRecipient[] recipients =
        [
            new("a@example.com", "Ann", new Dictionary<string, string> { ["code"] = "C1", ["city"] = "Oslo" }),
            new("b@example.com", "Bob", new Dictionary<string, string> { ["city"] = "Rome", ["code"] = "C2" }),
            new("c@example.com"),
            new("d@example.com", "Dee", new Dictionary<string, string> { ["plan"] = "gold", ["code"] = "C4", ["name"] = "ignored" }),
            new("e@example.com", "Eve", new SortedDictionary<string, string>(StringComparer.Ordinal) { ["zone"] = "z", ["code"] = "C5" }),
        ];

        AssertFields(recipients, usesTemplate);
    }

    [Fact]
    public void Write_MoreDistinctKeysThanAreKept_StillWritesEveryField()
    {
        var recipients = Enumerable.Range(0, 200)
            .Select(i => new EmailRecipient(
                string.Create(CultureInfo.InvariantCulture, $"user{i}@example.com"),
                null,
                new Dictionary<string, string>
                {
                    [string.Create(CultureInfo.InvariantCulture, $"own{i}")] = string.Create(CultureInfo.InvariantCulture, $"v{i}"),
                    ["code"] = string.Create(CultureInfo.InvariantCulture, $"C{i}"),
                }))
            .ToArray();

        AssertFields(recipients, usesTemplate: false);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_TextJsonMustEscape_ArrivesAsWritten(bool usesTemplate)
    {
        EmailRecipient[] recipients =
        [
            new("a@example.com", Tricky, new Dictionary<string, string> { [Tricky] = Tricky, ["plain"] = "p" }),
            new("b@example.com", "Bob", new Dictionary<string, string> { [Tricky] = "again", ["plain"] = Tricky }),
        ];

        var body = AssertFields(recipients, usesTemplate);

        Assert.Equal(Tricky, (string?)body["personalizations"]![0]!["to"]![0]!["name"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_LoneSurrogate_GoesAsTheReplacementCharacter(bool usesTemplate)
    {
        // As the SDK's string body would reach SendGrid: encoding it as UTF-8 replaces a lone surrogate.
        const string lone = "lone \uD800 end";
        const string replaced = "lone \uFFFD end";
        EmailRecipient[] recipients =
        [
            new("a@example.com", lone, new Dictionary<string, string> { [lone] = lone }),
            new("b@example.com", "Bob", new Dictionary<string, string> { [lone] = "again" }),
        ];
        var batch = new EmailBatch("job-1:run:0", Message(usesTemplate), recipients);

        var body = JsonNode.Parse(SendGridMailBody.Write(batch, DefaultFrom, SendGridEmailSender.BatchIdArgument).WrittenSpan)!;

        var personalizations = body["personalizations"]!.AsArray();
        var fields = personalizations[0]![usesTemplate ? "dynamic_template_data" : "substitutions"]!;
        var key = usesTemplate ? replaced : "{{" + replaced + "}}";
        Assert.Equal(replaced, (string?)personalizations[0]!["to"]![0]!["name"]);
        Assert.Equal(replaced, (string?)fields[key]);
        Assert.Equal(replaced, (string?)fields[usesTemplate ? "name" : "{{name}}"]);
        Assert.Equal("again", (string?)personalizations[1]![usesTemplate ? "dynamic_template_data" : "substitutions"]![key]);
    }

    private static EmailMessage Message(bool usesTemplate) =>
        usesTemplate
            ? new EmailMessage(null, null, null, null, "d-123")
            : new EmailMessage(null, "Hello {{name}}", null, "Code {{code}}", null);

    /// <summary>Writes the batch and checks each personalization's fields against the recipient's, spelled out here.</summary>
    private static JsonNode AssertFields(EmailRecipient[] recipients, bool usesTemplate)
    {
        var batch = new EmailBatch("job-1:run:0", Message(usesTemplate), recipients);

        var body = JsonNode.Parse(SendGridMailBody.Write(batch, DefaultFrom, SendGridEmailSender.BatchIdArgument).WrittenSpan)!;

        var personalizations = body["personalizations"]!.AsArray();
        Assert.Equal(recipients.Length, personalizations.Count);
        for (var i = 0; i < recipients.Length; i++)
        {
            var recipient = recipients[i];
            var expected = new JsonObject();
            foreach (var (key, value) in recipient.Data ?? new Dictionary<string, string>())
            {
                if (key is not ("email" or "name"))
                {
                    expected[usesTemplate ? key : "{{" + key + "}}"] = value;
                }
            }

            expected[usesTemplate ? "email" : "{{email}}"] = recipient.Email;
            expected[usesTemplate ? "name" : "{{name}}"] = recipient.Name ?? string.Empty;
            var actual = personalizations[i]![usesTemplate ? "dynamic_template_data" : "substitutions"];
            Assert.True(JsonNode.DeepEquals(expected, actual), $"recipient {i}:\nexpected: {expected.ToJsonString()}\nactual:   {actual?.ToJsonString()}");
        }

        return body;
    }
}
