using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BackgroundJobs.Core.Email;

namespace BackgroundJobs.Infrastructure.Email;

/// <summary>
/// Writes a batch as SendGrid's v3 <c>mail/send</c> JSON: one personalization per recipient, filled by
/// substitutions (html/text content) or <c>dynamic_template_data</c> (a template), and the batch id as
/// a custom argument. The SDK's own <c>SendGridMessage.Serialize</c> (Newtonsoft.Json with a
/// duplicate-removing converter on every address list) was half the CPU of a 100,000-recipient job;
/// this writes the same document straight to UTF-8, and the SDK still sends it
/// (<c>SendGridClient.RequestAsync</c>: its URL, auth and headers).
/// </summary>
internal static class SendGridMailBody
{
    // A request body, not HTML: '<', '&' and non-ASCII text go as they are, as the SDK sends them.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(EmailBatch batch, EmailSenderAddress defaultFrom, string batchIdArgument)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (batch.Recipients.Count * 160));
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            var message = batch.Message;
            var usesTemplate = !string.IsNullOrEmpty(message.TemplateId);
            json.WriteStartObject();
            json.WritePropertyName("from"u8);
            WriteAddress(json, message.From?.Email ?? defaultFrom.Email, message.From is { } from ? from.Name : defaultFrom.Name);
            if (!string.IsNullOrEmpty(message.Subject))
            {
                json.WriteString("subject"u8, message.Subject);
            }

            json.WriteStartArray("personalizations"u8);
            foreach (var recipient in batch.Recipients)
            {
                WritePersonalization(json, recipient, usesTemplate);
            }

            json.WriteEndArray();
            if (usesTemplate)
            {
                json.WriteString("template_id"u8, message.TemplateId);
            }
            else
            {
                // SendGrid wants text/plain before text/html.
                json.WriteStartArray("content"u8);
                WriteContent(json, "text/plain", message.Text);
                WriteContent(json, "text/html", message.Html);
                json.WriteEndArray();
            }

            json.WriteStartObject("custom_args"u8);
            json.WriteString(batchIdArgument, batch.BatchId);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WritePersonalization(Utf8JsonWriter json, EmailRecipient recipient, bool usesTemplate)
    {
        json.WriteStartObject();
        json.WriteStartArray("to"u8);
        WriteAddress(json, recipient.Email, recipient.Name);
        json.WriteEndArray();

        json.WriteStartObject(usesTemplate ? "dynamic_template_data"u8 : "substitutions"u8);
        foreach (var (key, value) in RecipientFields.Each(recipient))
        {
            WriteField(json, key, value, usesTemplate);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteField(Utf8JsonWriter json, string key, string value, bool usesTemplate)
    {
        if (usesTemplate)
        {
            json.WriteString(key, value);
        }
        else
        {
            json.WriteString(RecipientFields.Placeholder(key), value);
        }
    }

    private static void WriteAddress(Utf8JsonWriter json, string email, string? name)
    {
        json.WriteStartObject();
        if (name is not null)
        {
            json.WriteString("name"u8, name);
        }

        json.WriteString("email"u8, email);
        json.WriteEndObject();
    }

    private static void WriteContent(Utf8JsonWriter json, string type, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("type"u8, type);
        json.WriteString("value"u8, value);
        json.WriteEndObject();
    }
}
