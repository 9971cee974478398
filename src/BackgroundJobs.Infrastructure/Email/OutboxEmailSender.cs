using System.Globalization;
using System.Text;
using BackgroundJobs.Core.Email;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace BackgroundJobs.Infrastructure.Email;

/// <summary>
/// The e-mail provider of a machine without a SendGrid key: each recipient's message is written as
/// an <c>.eml</c> file (any mail client opens it) into the outbox folder. File names come from the
/// batch id and the recipient's place in it, so writing a batch again replaces its files rather
/// than adding copies, just as the provider would see one batch once.
/// </summary>
public sealed class OutboxEmailSender(IOptions<EmailOptions> options, TimeProvider timeProvider, ILogger<OutboxEmailSender> logger) : IEmailSender
{
    public const string BatchIdHeader = "X-Batch-Id";
    public const string TemplateIdHeader = "X-Template-Id";

    private const int MaxBatchIdLength = 100;

    private readonly string outbox = Path.GetFullPath(options.Value.OutboxPath);
    private readonly EmailOptions settings = options.Value;

    public string OutboxPath => outbox;

    public async Task<EmailSendResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Directory.CreateDirectory(outbox);
        var stem = SafeFileStem(batch.BatchId);
        for (var i = 0; i < batch.Recipients.Count; i++)
        {
            var fileName = string.Create(CultureInfo.InvariantCulture, $"{stem}-{i:D5}");
            using var message = ToMimeMessage(batch, batch.Recipients[i], fileName);
            await WriteAtomicallyAsync(message, Path.Combine(outbox, fileName + ".eml"), cancellationToken);
        }

        Logs.OutboxBatchWritten(logger, batch.BatchId, batch.Recipients.Count, outbox);
        return EmailSendResult.Accepted();
    }

    /// <summary>Letters, digits, '-', '_' and '.'; anything else (the ':' in <c>{jobId}:{index}</c>) becomes '_'.</summary>
    internal static string SafeFileStem(string batchId)
    {
        var safe = new StringBuilder(Math.Min(batchId.Length, MaxBatchIdLength));
        foreach (var c in batchId.Take(MaxBatchIdLength))
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && safe.Length > 0) ? c : '_');
        }

        return safe.Length == 0 ? "batch" : safe.ToString();
    }

    private MimeMessage ToMimeMessage(EmailBatch batch, EmailRecipient recipient, string fileName)
    {
        var content = batch.Message;
        var fields = RecipientFields.Of(recipient);
        var message = new MimeMessage
        {
            // Stable, so a batch written twice gives the same message, not a look-alike.
            MessageId = $"{fileName}@outbox.backgroundjobs.local",
            Date = timeProvider.GetUtcNow(),
            Subject = RecipientFields.Substitute(content.Subject, fields) ?? string.Empty,
        };
        // A new address per message: an address list subscribes to its addresses' change events,
        // so one shared address would keep every message ever written alive.
        message.From.Add(content.From is { } from ? new MailboxAddress(from.Name, from.Email) : new MailboxAddress(settings.FromName, settings.From));
        message.To.Add(new MailboxAddress(recipient.Name, recipient.Email));
        message.Headers.Add(BatchIdHeader, batch.BatchId);

        var body = new BodyBuilder();
        if (!string.IsNullOrEmpty(content.TemplateId))
        {
            message.Headers.Add(TemplateIdHeader, content.TemplateId);
            body.TextBody = TemplateText(content.TemplateId, fields);
        }
        else
        {
            body.TextBody = RecipientFields.Substitute(content.Text, fields);
            body.HtmlBody = RecipientFields.Substitute(content.Html, fields);
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    private static string TemplateText(string templateId, IReadOnlyDictionary<string, string> fields)
    {
        var text = new StringBuilder().Append("Template: ").AppendLine(templateId).AppendLine("Data:");
        foreach (var (key, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append("  ").Append(key).Append(": ").AppendLine(value);
        }

        return text.ToString();
    }

    /// <summary>A message appears whole or not at all, so a test or a person watching the folder never reads half a file.</summary>
    private static async Task WriteAtomicallyAsync(MimeMessage message, string path, CancellationToken cancellationToken)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await message.WriteToAsync(temp, cancellationToken);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
