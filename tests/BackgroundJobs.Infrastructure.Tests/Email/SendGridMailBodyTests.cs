using System.Text.Json.Nodes;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Infrastructure.Email;
using SendGrid.Helpers.Mail;
using MimeType = SendGrid.MimeType;

namespace BackgroundJobs.Infrastructure.Tests.Email;

/// <summary>
/// The <c>mail/send</c> body we write is the document the SendGrid SDK's own
/// <c>SendGridMessage.Serialize</c> writes for the same batch (compared as JSON, so key order and
/// escaping may differ): the SDK is the oracle for what SendGrid expects.
/// </summary>
public sealed class SendGridMailBodyTests
{
    private static readonly EmailSenderAddress DefaultFrom = new("jobs@example.org", "Background Jobs");

    public static TheoryData<string, EmailMessage, EmailRecipient[]> Batches => new()
    {
        {
            "html and text, data that also names email and name",
            new EmailMessage(null, "Hello {{name}}", "<p>Code {{code}} & more</p>", "Code {{code}}", null),
            [
                new("a@example.com", "Ann", new Dictionary<string, string> { ["code"] = "C1", ["email"] = "ignored@example.com" }),
                new("b@example.com"),
                new("c@example.com", "Zoë \"Z\" <Ünïcode> ✓", new Dictionary<string, string> { ["name"] = "ignored", ["city"] = "Zürich\n" }),
            ]
        },
        {
            "text only, own sender without a name",
            new EmailMessage(new EmailSenderAddress("news@example.com"), "Plain", null, "Hi {{email}}", null),
            [new("a@example.com", "Ann")]
        },
        {
            "template, no subject",
            new EmailMessage(new EmailSenderAddress("news@example.com", "News"), null, null, null, "d-123"),
            [
                new("a@example.com", "Ann", new Dictionary<string, string> { ["plan"] = "gold" }),
                new("b@example.com"),
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Batches))]
    public void Write_IsTheDocumentTheSdkWrites(string batchName, EmailMessage message, EmailRecipient[] recipients)
    {
        var batch = new EmailBatch("job-1:run:0", message, recipients);

        var ours = JsonNode.Parse(SendGridMailBody.Write(batch, DefaultFrom, SendGridEmailSender.BatchIdArgument).WrittenSpan);
        var sdk = JsonNode.Parse(SdkMessage(batch).Serialize());

        Assert.True(JsonNode.DeepEquals(sdk, ours), $"{batchName}:\nSDK:  {sdk!.ToJsonString()}\nours: {ours!.ToJsonString()}");
    }

    [Fact]
    public void Write_DefaultSenderWithoutAName_SendsTheAddressAlone()
    {
        var batch = new EmailBatch("job-1:run:0", new EmailMessage(null, "Hi", null, "Hi", null), [new("a@example.com")]);

        var body = JsonNode.Parse(SendGridMailBody.Write(batch, new EmailSenderAddress("jobs@example.org"), SendGridEmailSender.BatchIdArgument).WrittenSpan)!;

        Assert.Equal("""{"email":"jobs@example.org"}""", body["from"]!.ToJsonString());
    }

    /// <summary>The batch built with the SDK's mail helper, as the sender did before it wrote the body itself.</summary>
    private static SendGridMessage SdkMessage(EmailBatch batch)
    {
        var message = batch.Message;
        var mail = new SendGridMessage
        {
            From = message.From is { } from ? new EmailAddress(from.Email, from.Name) : new EmailAddress(DefaultFrom.Email, DefaultFrom.Name),
            Personalizations = [],
            CustomArgs = new Dictionary<string, string> { [SendGridEmailSender.BatchIdArgument] = batch.BatchId },
        };
        if (!string.IsNullOrEmpty(message.Subject))
        {
            mail.Subject = message.Subject;
        }

        if (!string.IsNullOrEmpty(message.TemplateId))
        {
            mail.TemplateId = message.TemplateId;
        }
        else
        {
            if (!string.IsNullOrEmpty(message.Text))
            {
                mail.AddContent(MimeType.Text, message.Text);
            }

            if (!string.IsNullOrEmpty(message.Html))
            {
                mail.AddContent(MimeType.Html, message.Html);
            }
        }

        foreach (var recipient in batch.Recipients)
        {
            var fields = new Dictionary<string, string>(recipient.Data ?? new Dictionary<string, string>())
            {
                ["email"] = recipient.Email,
                ["name"] = recipient.Name ?? string.Empty,
            };
            var personalization = new Personalization { Tos = [new EmailAddress(recipient.Email, recipient.Name)] };
            if (mail.TemplateId is not null)
            {
                personalization.TemplateData = fields;
            }
            else
            {
                personalization.Substitutions = fields.ToDictionary(f => "{{" + f.Key + "}}", f => f.Value);
            }

            mail.Personalizations.Add(personalization);
        }

        return mail;
    }
}
