using System.Globalization;
using System.Text;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Core.Notifications;

/// <summary>
/// The short e-mail to a job's <c>notifyEmail</c>, through the same e-mail port as bulk e-mail
/// (SendGrid, or the local outbox). Rate limits, 5xx and timeouts are retried (at least once: a
/// notification whose fate is unknown may arrive twice); a rejected message is logged.
/// </summary>
public sealed class SendJobEventEmailActivity(IEmailSender sender, ILogger<SendJobEventEmailActivity> logger) : TaskActivity<JobEventEmail, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, JobEventEmail input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var data = input.Event.Data;
        var subject = string.Create(CultureInfo.InvariantCulture, $"Job {data.JobId} ({data.JobType}) {data.Status.ToString().ToLowerInvariant()}");
        var message = new EmailMessage(From: null, subject, Html: null, Text: Describe(input.Event), TemplateId: null);
        var result = await sender.SendAsync(new EmailBatch($"{data.JobId}:{input.Event.Id}", message, [new EmailRecipient(input.To)]));
        switch (result.Outcome)
        {
            case EmailSendOutcome.Accepted:
                return true;
            // One message to one operator: sent again when its fate is unknown (at least once), as webhooks are.
            case EmailSendOutcome.Transient or EmailSendOutcome.Unknown:
                throw new TransientFailureException($"The notification e-mail was not accepted ({result.StatusCode}): {result.Error}", result.RetryAfter);
            default:
                Logs.NotificationEmailRejected(logger, data.JobId, result.StatusCode, result.Error);
                return false;
        }
    }

    private static string Describe(JobEvent jobEvent)
    {
        var data = jobEvent.Data;
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Job {data.JobId} ({data.JobType}) ended: {data.Status}.\n");
        if (data.Error is { } error)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nError: {error.Type}: {error.Message}\n");
        }

        if (data.Result is { } result)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nResult: {result.GetRawText()}\n");
        }

        if (data.Links is { } links)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nDetails: {links.Job}\n");
        }

        return text.ToString();
    }
}
