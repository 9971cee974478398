using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using BackgroundJobs.Core.Email;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Infrastructure.Email;

/// <summary>
/// Asks SendGrid's Email Activity API whether it holds a message carrying a batch id:
/// <c>GET /v3/messages?limit=1&amp;query=unique_args['batchId']="{id}"</c> (the <c>custom_args</c>
/// the sender puts in every request are queried as <c>unique_args</c>). The API is a paid add-on
/// whose key needs Email Activity access, is rate limited (6 requests a minute; 429 beyond), and
/// shows a message only some time after it was accepted, which is why the caller trusts "not found"
/// only after a settle delay. 401, 403, 404 or another 4xx mean the lookup cannot be made here
/// (not supported); 408, 429, 5xx, a timeout or no connection mean ask again later.
/// </summary>
public sealed class SendGridDeliveryLookup(
    IHttpClientFactory httpClientFactory,
    IOptions<SendGridOptions> options,
    TimeProvider timeProvider,
    ILogger<SendGridDeliveryLookup> logger) : IEmailDeliveryLookup
{
    public const string MessagesPath = "/v3/messages";

    private const string DefaultBaseUrl = "https://api.sendgrid.com";

    private readonly Uri baseUri = new((string.IsNullOrEmpty(options.Value.BaseUrl) ? DefaultBaseUrl : options.Value.BaseUrl).TrimEnd('/') + "/");
    private readonly TimeSpan timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);

    public bool IsAvailable => true;

    /// <summary>The Email Activity query for one batch id; a quote inside the id is escaped as the query language wants.</summary>
    public static string QueryFor(string batchId)
    {
        ArgumentNullException.ThrowIfNull(batchId);
        return $"unique_args['{SendGridEmailSender.BatchIdArgument}']=\"{batchId.Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
    }

    public async Task<EmailDeliveryLookupResult> FindBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batchId);
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var requestSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var http = httpClientFactory.CreateClient(SendGridEmailSender.HttpClientName);
        var uri = new Uri(baseUri, $"{MessagesPath.TrimStart('/')}?limit=1&query={Uri.EscapeDataString(QueryFor(batchId))}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.ApiKey);
        try
        {
            using var response = await http.SendAsync(request, requestSource.Token);
            var result = await ClassifyAsync(response, requestSource.Token);
            Logs.DeliveryLookupAnswered(logger, batchId, result.Outcome, result.StatusCode);
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new EmailDeliveryLookupResult(
                EmailDeliveryLookupOutcome.Unavailable,
                Error: string.Create(CultureInfo.InvariantCulture, $"SendGrid's Email Activity API did not answer within {timeout.TotalSeconds:0.###} s."));
        }
        catch (HttpRequestException ex)
        {
            return new EmailDeliveryLookupResult(EmailDeliveryLookupOutcome.Unavailable, (int?)ex.StatusCode, $"SendGrid's Email Activity API could not be reached: {ex.Message}");
        }
    }

    private async Task<EmailDeliveryLookupResult> ClassifyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            try
            {
                using var json = JsonDocument.Parse(body);
                return json.RootElement.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array
                    ? messages.GetArrayLength() > 0 ? EmailDeliveryLookupResult.Found : EmailDeliveryLookupResult.NotFound
                    : new EmailDeliveryLookupResult(EmailDeliveryLookupOutcome.Unavailable, status, "The answer has no messages array.");
            }
            catch (JsonException)
            {
                return new EmailDeliveryLookupResult(EmailDeliveryLookupOutcome.Unavailable, status, "The answer is not JSON.");
            }
        }

        var error = await SendGridEmailSender.ReadErrorAsync(response.Content, cancellationToken) ?? $"HTTP {status} ({response.StatusCode})";
        return status is 408 or 429 || status >= 500
            ? new EmailDeliveryLookupResult(EmailDeliveryLookupOutcome.Unavailable, status, error, SendGridRateLimit.RetryAfterOf(response.Headers, timeProvider.GetUtcNow()))
            : new EmailDeliveryLookupResult(EmailDeliveryLookupOutcome.NotSupported, status, error);
    }
}
