using System.Globalization;
using System.Text;
using BackgroundJobs.Core.Notifications;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace BackgroundJobs.Infrastructure.Webhooks;

/// <summary>
/// Sends a webhook signed per Standard Webhooks with the <c>StandardWebhooks</c> package: every
/// active secret signs (<c>webhook-signature: v1,a v1,b</c>), so receivers keep verifying through a
/// rotation. One attempt, its own timeout, no redirects followed (a 3xx is a failed attempt).
/// </summary>
public sealed class StandardWebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time) : IWebhookSender, IWebhookSigner
{
    public const string HttpClientName = "webhooks";

    public bool CanSign => options.Value.ActiveSigningSecrets.Any();

    public string Sign(WebhookMessage message) => Sign(options.Value, message);

    public async Task<WebhookResponse> SendAsync(WebhookMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Url)
        {
            Content = new StringContent(message.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", message.Id);
        request.Headers.Add("webhook-timestamp", message.Timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Sign(settings, message));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.AttemptTimeoutSeconds));
        var started = time.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var error = status switch
            {
                >= 200 and < 300 => null,
                >= 300 and < 400 => $"Redirect to {response.Headers.Location} not followed.",
                _ => $"HTTP {status} {response.ReasonPhrase}".TrimEnd(),
            };
            return new WebhookResponse(status, time.GetElapsedTime(started), RetryAfterOf(response), error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookResponse(null, time.GetElapsedTime(started), Error: $"No response within {settings.AttemptTimeoutSeconds} s.");
        }
        catch (HttpRequestException exception)
        {
            var refused = exception.InnerException as CallbackAddressRefusedException;
            return new WebhookResponse(null, time.GetElapsedTime(started), Error: refused?.Message ?? $"Could not connect: {exception.Message}");
        }
    }

    /// <summary>One <c>v1,...</c> signature per active secret, space-separated as the specification allows.</summary>
    public static string Sign(WebhookOptions settings, WebhookMessage message)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(message);
        var signatures = settings.ActiveSigningSecrets
            .Select(secret => new StandardWebhook(secret).Sign(message.Id, message.Timestamp, message.Payload))
            .ToList();
        return signatures.Count > 0
            ? string.Join(' ', signatures)
            : throw new InvalidOperationException("Webhooks:SigningSecret is not set, so webhooks cannot be signed.");
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date && date > time.GetUtcNow() ? date - time.GetUtcNow() : null;
    }
}
