using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Infrastructure.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SendGrid;

namespace BackgroundJobs.Infrastructure.Email;

/// <summary>
/// Sends a batch as one SendGrid v3 <c>mail/send</c> request: one personalization per recipient,
/// filled by substitutions (html/text content) or dynamic template data (a template), and the batch
/// id as a custom argument so the provider's logs show which batch a message came from. The answer
/// is classified, never thrown: 2xx accepted; 408, 429, or a request that provably never left
/// (connection refused, DNS failure: see <see cref="HttpFailure"/>) transient; a 5xx, a timeout, or a
/// connection lost once the request may have been written unknown, since SendGrid (or a proxy that
/// passed the request on) may have taken the batch; any other 4xx rejected.
/// </summary>
public sealed class SendGridEmailSender(
    IHttpClientFactory httpClientFactory,
    IOptions<SendGridOptions> sendGridOptions,
    IOptions<EmailOptions> emailOptions,
    TimeProvider timeProvider,
    ILogger<SendGridEmailSender> logger) : IEmailSender
{
    /// <summary>The <see cref="IHttpClientFactory"/> client this sender uses; hosts may add handlers to it.</summary>
    public const string HttpClientName = "SendGrid";

    public const string BatchIdArgument = "batchId";

    private const int MaxErrorLength = 500;

    private readonly SendGridClientOptions clientOptions = CreateClientOptions(sendGridOptions.Value);
    private readonly EmailSenderAddress defaultFrom = new(emailOptions.Value.From, emailOptions.Value.FromName);
    private readonly TimeSpan timeout = TimeSpan.FromSeconds(sendGridOptions.Value.TimeoutSeconds);

    public async Task<EmailSendResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Recipients.Count == 0)
        {
            return new EmailSendResult(EmailSendOutcome.Accepted);
        }

        // The timeout is ours rather than HttpClient's, so it holds however the named client is set up.
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var requestSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var http = httpClientFactory.CreateClient(HttpClientName);
        var body = SendGridMailBody.Write(batch, defaultFrom, BatchIdArgument);
        var client = new Utf8BodyClient(http, clientOptions, body.WrittenMemory);
        try
        {
            var response = await client.RequestAsync(BaseClient.Method.POST, string.Empty, urlPath: "mail/send", cancellationToken: requestSource.Token);

            // Handed back to the pool only once an answer came: after a timeout or a lost connection
            // the transport may still be reading it, and another batch's body must not show through.
            body.Dispose();
            return await ClassifyAsync(batch, response, requestSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Whether the request was still connecting or already written is not known here, and
            // SendGrid goes on with a request whose client gave up: taken or not, nobody can say.
            Logs.EmailBatchTimedOut(logger, batch.BatchId, timeout);
            return new EmailSendResult(
                EmailSendOutcome.Unknown,
                Error: string.Create(CultureInfo.InvariantCulture, $"SendGrid did not answer within {timeout.TotalSeconds:0.###} s."));
        }
        catch (HttpRequestException ex) when (HttpFailure.RequestNeverLeft(ex))
        {
            Logs.EmailProviderUnreachable(logger, batch.BatchId, ex);
            return new EmailSendResult(EmailSendOutcome.Transient, (int?)ex.StatusCode, $"SendGrid could not be reached: {ex.Message}");
        }
        catch (HttpRequestException ex)
        {
            Logs.EmailBatchAnswerLost(logger, batch.BatchId, ex);
            return new EmailSendResult(EmailSendOutcome.Unknown, (int?)ex.StatusCode, $"SendGrid's answer was lost: {ex.Message}");
        }
    }

    /// <summary>
    /// The SDK's client, making the request as it always does (URL, auth, user agent), with the body
    /// we wrote in UTF-8 as its content. <c>RequestAsync</c> takes a body only as a string: a
    /// 1,000-recipient body as a string and then as the SDK's UTF-8 copy of it were two more
    /// large-object-heap arrays per batch, and those set off full collections.
    /// </summary>
    private sealed class Utf8BodyClient(HttpClient http, SendGridClientOptions options, ReadOnlyMemory<byte> body) : SendGridClient(http, options)
    {
        public override Task<Response> MakeRequest(HttpRequestMessage request, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(request);
            request.Content?.Dispose();

            // The SDK's content type for JSON: application/json with no charset.
            request.Content = new ReadOnlyMemoryContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            return base.MakeRequest(request, cancellationToken);
        }
    }

    private static SendGridClientOptions CreateClientOptions(SendGridOptions options)
    {
        // The SDK's retries live in a handler it adds only to HttpClients it creates itself; this
        // sender always passes its own, so a transient answer comes straight back to the orchestrator's
        // retry handler, which knows the job's retry budget and Retry-After.
        var clientOptions = new SendGridClientOptions { ApiKey = options.ApiKey };
        if (!string.IsNullOrEmpty(options.BaseUrl))
        {
            clientOptions.Host = options.BaseUrl;
        }

        return clientOptions;
    }

    private async Task<EmailSendResult> ClassifyAsync(EmailBatch batch, Response response, CancellationToken cancellationToken)
    {
        using var body = response.Body;
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            Logs.EmailBatchAccepted(logger, batch.BatchId, batch.Recipients.Count, status);
            return EmailSendResult.Accepted(status);
        }

        var error = await ReadErrorAsync(body, cancellationToken) ?? $"HTTP {status} ({response.StatusCode})";
        var retryAfter = SendGridRateLimit.RetryAfterOf(response.Headers, timeProvider.GetUtcNow());

        // 408 and 429 refuse the request as a whole. A 5xx may come from SendGrid after it queued
        // the mail, or from a proxy or gateway that passed the request on: it proves nothing.
        if (status is 408 or 429)
        {
            Logs.EmailBatchTransient(logger, batch.BatchId, status, retryAfter, error);
            return new EmailSendResult(EmailSendOutcome.Transient, status, error, retryAfter);
        }

        if (status >= 500)
        {
            Logs.EmailBatchOutcomeUnknown(logger, batch.BatchId, status, error);
            return new EmailSendResult(EmailSendOutcome.Unknown, status, error, retryAfter);
        }

        Logs.EmailBatchRejected(logger, batch.BatchId, status, error);
        return new EmailSendResult(EmailSendOutcome.Rejected, status, error);
    }

    /// <summary>SendGrid's <c>errors[0].message</c> when the body has one, else the body itself, shortened.</summary>
    internal static async Task<string?> ReadErrorAsync(HttpContent? body, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return null;
        }

        var text = await body.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array
                && errors.GetArrayLength() > 0
                && errors[0].ValueKind == JsonValueKind.Object
                && errors[0].TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString();
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the text itself is the best message there is.
        }

        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }
}
