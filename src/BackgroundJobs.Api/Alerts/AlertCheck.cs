using System.Globalization;
using System.Text;
using System.Text.Json;
using BackgroundJobs.Api.Monitoring;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Api.Alerts;

/// <summary>
/// The alert check both hosts run on a timer: too many jobs failed within the window, or the oldest
/// pending job waits too long. A raised condition is claimed once per window in blob storage
/// (<c>alerts/{condition}/{window}.json</c>), so several servers or a repeated check alert once; a
/// claim whose notification failed is released, so the next check tries again.
/// </summary>
public sealed partial class AlertCheck(
    IBlobStore blobs,
    IEmailSender email,
    IHttpClientFactory http,
    IOptions<AlertOptions> options,
    IWebhookSigner signer,
    TimeProvider time,
    ILogger<AlertCheck> logger)
{
    public const string HttpClientName = "alerts";

    // Failures are counted among jobs created this recently, so the query stays bounded.
    private static readonly TimeSpan FailureLookback = TimeSpan.FromDays(1);

    /// <summary>Checks both conditions and notifies; returns the alerts sent by this call.</summary>
    public async Task<IReadOnlyList<Alert>> RunAsync(DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var settings = options.Value;
        var now = time.GetUtcNow();
        var window = now.Ticks / settings.Window.Ticks;
        var raised = new List<Alert>();

        var failed = await CountJobsAsync(client, OrchestrationRuntimeStatus.Failed, now - FailureLookback, i => i.LastUpdatedAt >= now - settings.Window, cancellationToken);
        if (failed > settings.FailureThreshold)
        {
            raised.Add(new Alert("failures", $"{failed} jobs failed in the last {settings.Window}.", failed, settings.FailureThreshold, now, $"alert_failures_{window}"));
        }

        var pending = await PendingJobs.ReadAsync(client, now, cancellationToken);
        if (pending.Count > 0 && pending.OldestAge > settings.MaxPendingAge)
        {
            var age = pending.OldestAge;
            raised.Add(new Alert("pending-age", $"A job has been pending for {age:hh\\:mm\\:ss}; the workers are not keeping up.", Math.Round(age.TotalSeconds), settings.MaxPendingAge.TotalSeconds, now, $"alert_pending-age_{window}"));
        }

        var sent = new List<Alert>();
        foreach (var alert in raised)
        {
            var claim = $"alerts/{alert.Condition}/{window.ToString(CultureInfo.InvariantCulture)}.json";
            if (!await blobs.TryCreateJsonAsync(claim, alert, cancellationToken))
            {
                continue;
            }

            LogRaised(logger, alert.Condition, alert.Message);
            try
            {
                await NotifyAsync(alert, cancellationToken);
                sent.Add(alert);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                LogNotifyFailed(logger, alert.Condition, exception);
                await blobs.DeletePrefixAsync(claim, cancellationToken);
            }
        }

        return sent;
    }

    private static async Task<int> CountJobsAsync(DurableTaskClient client, OrchestrationRuntimeStatus status, DateTimeOffset createdFrom, Func<OrchestrationMetadata, bool> counts, CancellationToken cancellationToken)
    {
        var count = 0;
        var query = new OrchestrationQuery { Statuses = [status], CreatedFrom = createdFrom, PageSize = 100 };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            count += JobTypeRegistry.TypeNameOf(instance.Name) is not null && counts(instance) ? 1 : 0;
        }

        return count;
    }

    private async Task NotifyAsync(Alert alert, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.WebhookUrl))
        {
            // The operators' own endpoint, set by configuration: trusted, so no private-network rule;
            // signed when a signing secret is configured, so it can be verified like job webhooks.
            var payload = JsonSerializer.Serialize(new { Version = 1, alert.Id, Type = $"alert.{alert.Condition}", Timestamp = alert.At, Data = alert }, JobJson.Options);
            using var request = new HttpRequestMessage(HttpMethod.Post, settings.WebhookUrl) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
            request.Headers.Add("webhook-id", alert.Id);
            request.Headers.Add("webhook-timestamp", alert.At.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            if (signer.CanSign)
            {
                request.Headers.Add("webhook-signature", signer.Sign(new WebhookMessage(settings.WebhookUrl, alert.Id, alert.At, payload)));
            }

            using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        if (!string.IsNullOrWhiteSpace(settings.Email))
        {
            var message = new EmailMessage(From: null, $"[BackgroundJobs alert] {alert.Message}", Html: null, Text: $"{alert.Message}\n\nCondition: {alert.Condition}\nValue: {alert.Value}\nLimit: {alert.Limit}\nAt: {alert.At:O}\n", TemplateId: null);
            var result = await email.SendAsync(new EmailBatch(alert.Id, message, [new EmailRecipient(settings.Email)]), cancellationToken);
            if (result.Outcome != EmailSendOutcome.Accepted)
            {
                throw new InvalidOperationException($"The alert e-mail was not accepted ({result.StatusCode}): {result.Error}");
            }
        }
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Alert {Condition}: {Message}")]
    private static partial void LogRaised(ILogger logger, string condition, string message);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Alert {Condition} could not be sent; the next check tries again")]
    private static partial void LogNotifyFailed(ILogger logger, string condition, Exception exception);
}
