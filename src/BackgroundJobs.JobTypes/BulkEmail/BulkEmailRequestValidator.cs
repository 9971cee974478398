using System.Globalization;
using BackgroundJobs.Api.Notifications;
using BackgroundJobs.Api.Uploads;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Core.Validation;

namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>
/// Checks a bulk e-mail request before anything is started or stored. Errors are keyed by the
/// field's JSON path. The recipients file is checked for existence and its header, so a wrong
/// upload is refused at the door rather than failing the job later.
/// </summary>
public sealed class BulkEmailRequestValidator(IBlobStore blobs, JobRequestValidator jobRequest)
{
    public async Task<Dictionary<string, string[]>> ValidateAsync(BulkEmailRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors.TryAdd(field, [message]);

        var usesTemplate = request.TemplateId is not null;
        if (usesTemplate)
        {
            if (request.TemplateId!.Length is 0 or > BulkEmailLimits.MaxTemplateIdLength
                || !request.TemplateId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                Add("templateId", $"must be 1-{BulkEmailLimits.MaxTemplateIdLength} letters, digits, '-' or '_'.");
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(request.Subject))
            {
                Add("subject", "is required (or give a templateId).");
            }

            if (string.IsNullOrWhiteSpace(request.Html) && string.IsNullOrWhiteSpace(request.Text))
            {
                Add("html", "html or text is required (or give a templateId).");
            }
        }

        if (request.Subject is { } subject)
        {
            if (subject.Length > BulkEmailLimits.MaxSubjectLength)
            {
                Add("subject", $"must be at most {BulkEmailLimits.MaxSubjectLength} characters.");
            }
            else if (!TextRules.IsSafeSingleLine(subject))
            {
                Add("subject", "must not contain line breaks, control characters or characters that hide or reorder text.");
            }
        }

        CheckContent("html", request.Html, Add);
        CheckContent("text", request.Text, Add);

        if (request.From is { } from)
        {
            if (!EmailAddressRules.IsValid(from.Email))
            {
                Add("from.email", "is not a valid e-mail address.");
            }
            else if (!EmailAddressRules.IsValidSender(from.Email))
            {
                Add("from.email", "mixes Latin with Cyrillic, Greek or Armenian letters in one part, as a look-alike of another sender would.");
            }

            if (!RecipientRules.IsValidDisplayName(from.Name))
            {
                Add("from.name", "must be at most 256 characters with no line breaks, control or hidden characters.");
            }
        }

        await CheckRecipientsAsync(request, Add, cancellationToken);

        if (request.BatchSize is { } batchSize && batchSize is < 1 or > BulkEmailLimits.MaxBatchSize)
        {
            Add("batchSize", $"must be between 1 and {BulkEmailLimits.MaxBatchSize}.");
        }

        if (request.MaxParallelBatches is { } parallel && parallel is < 1 or > BulkEmailLimits.MaxParallelBatches)
        {
            Add("maxParallelBatches", $"must be between 1 and {BulkEmailLimits.MaxParallelBatches}.");
        }

        if (!UnknownOutcome.IsKnown(request.OnUnknownOutcome))
        {
            Add(UnknownOutcome.Field, $"must be '{UnknownOutcome.Skip}' (the default: at most once) or '{UnknownOutcome.Resend}' (at least once: a batch whose outcome is unknown is sent again, so its recipients may get the mail twice).");
        }

        await jobRequest.ValidateAsync(request, Add, cancellationToken);
        return errors;
    }

    private async Task CheckRecipientsAsync(BulkEmailRequest request, Action<string, string> add, CancellationToken cancellationToken)
    {
        if (request.Recipients is null == request.RecipientsBlob is null)
        {
            add("recipients", "give exactly one of recipients or recipientsBlob.");
            return;
        }

        if (request.Recipients is { } recipients)
        {
            if (recipients.Count is 0 or > BulkEmailLimits.MaxInlineRecipients)
            {
                add("recipients", $"must hold 1-{BulkEmailLimits.MaxInlineRecipients} recipients; upload a CSV for more.");
                return;
            }

            for (var i = 0; i < recipients.Count; i++)
            {
                var at = string.Create(CultureInfo.InvariantCulture, $"recipients[{i}]");
                if (recipients[i] is not { } recipient)
                {
                    add(at, "must be an object with an email.");
                    continue;
                }

                if (RecipientRules.Check(recipient) is { } problem)
                {
                    add($"{at}.{problem.Field}", problem.Message);
                }
            }

            return;
        }

        var name = request.RecipientsBlob!;
        if (!BlobNames.IsValidUploadName(name))
        {
            add("recipientsBlob", "must be a name returned by POST /api/uploads (uploads/...).");
            return;
        }

        var header = await UploadedFirstLine.ReadAsync(blobs, name, cancellationToken);
        if (header is null)
        {
            add("recipientsBlob", $"'{name}' does not exist; upload the CSV with POST /api/uploads first.");
        }
        else if (!RecipientCsv.HeaderHasEmailColumn(header))
        {
            add("recipientsBlob", "the CSV's first row must be a header with an 'email' column.");
        }
    }

    private static void CheckContent(string field, string? content, Action<string, string> add)
    {
        if (content is not null && content.Length > BulkEmailLimits.MaxContentLength)
        {
            add(field, $"must be at most {BulkEmailLimits.MaxContentLength} characters.");
        }
    }
}
