using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Infrastructure.Webhooks;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.JobTypes.HttpCall;

/// <summary>
/// One attempt of the call. An answer within the expected range is stored as
/// <c>results/{jobId}/{runId}/answer.json</c> and completes the job; 408, 429, 5xx, a timeout or a
/// lost connection throw <see cref="TransientFailureException"/> (with the server's <c>Retry-After</c>),
/// which the orchestrator's retry handler retries; any other answer, a redirect (never followed) or
/// an address the SSRF guard refuses throws <see cref="HttpCallFailedException"/>, which fails the job.
/// Header values are never logged: only the method, the URL without its query, the status and the time.
/// </summary>
public sealed class SendHttpCallActivity(
    IHttpClientFactory clients,
    IBlobStore blobs,
    ICallbackUrlGuard guard,
    TimeProvider time,
    ILogger<SendHttpCallActivity> logger) : TaskActivity<HttpCallAttempt, HttpCallResult>
{
    public const string HttpClientName = "http-call";

    private const int ErrorBodyChars = 300;

    public override async Task<HttpCallResult> RunAsync(TaskActivityContext context, HttpCallAttempt input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = input.Request.RequestBlob is { } stored
            ? await blobs.ReadJsonAsync<HttpCallRequest>(stored) ?? throw new HttpCallFailedException($"The stored request '{stored}' is missing.")
            : input.Request;
        var url = request.Url ?? throw new HttpCallFailedException("The request has no URL.");

        // DNS may have changed since the request was accepted; the connect step checks the address it really uses.
        if (await guard.CheckAsync(url) is { } refusal)
        {
            throw new HttpCallFailedException($"url {refusal}");
        }

        var timeoutSeconds = request.TimeoutSeconds ?? HttpCallLimits.DefaultTimeoutSeconds;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds), time);
        using var message = ToMessage(request, url);
        var endpoint = new Uri(url).GetLeftPart(UriPartial.Path);
        var started = time.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var elapsedMs = (long)time.GetElapsedTime(started).TotalMilliseconds;
            HttpCallLogs.Answered(logger, input.Run.JobId, request.EffectiveMethod, endpoint, status, elapsedMs);
            var expected = request.EffectiveExpectedStatus;
            if (expected.Contains(status))
            {
                var answer = await ReadAnswerAsync(response, timeout.Token);
                var blob = HttpCallBlobNames.Answer(input.Run);
                await blobs.WriteJsonAsync(blob, answer, CancellationToken.None);
                return new HttpCallResult(status, answer.BodyBytes, answer.BodyTruncated, blob);
            }

            var what = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
            if (status is 408 or 429 or >= 500)
            {
                throw new TransientFailureException($"{what}, outside the expected {expected}.", RetryAfterOf(response));
            }

            var detail = status is >= 300 and < 400
                ? $"redirect to {response.Headers.Location} not followed"
                : await BodyStartAsync(response, timeout.Token);
            throw new HttpCallFailedException($"{what}, outside the expected {expected}: {detail}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TransientFailureException($"No answer from {endpoint} within {timeoutSeconds} s.");
        }
        catch (HttpRequestException exception) when (exception.InnerException is CallbackAddressRefusedException refused)
        {
            HttpCallLogs.AddressRefused(logger, input.Run.JobId, endpoint, refused.Message);
            throw new HttpCallFailedException(refused.Message, refused);
        }
        catch (HttpRequestException exception)
        {
            throw new TransientFailureException($"Could not reach {endpoint}: {exception.Message}", exception);
        }
    }

    private static HttpRequestMessage ToMessage(HttpCallRequest request, string url)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.EffectiveMethod), url);
        if (request.Body is { } body)
        {
            message.Content = new StringContent(body, Encoding.UTF8);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        }

        var headers = (request.Headers ?? new Dictionary<string, string>()).Concat(request.SecretHeaders ?? new Dictionary<string, string>());
        foreach (var (name, value) in headers)
        {
            if (HttpCallHeaders.IsContentHeader(name) && message.Content is { } content)
            {
                content.Headers.Remove(name);
                content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    private async Task<HttpCallAnswer> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var (bytes, truncated) = await ReadBodyAsync(response, HttpCallLimits.MaxResponseBodyBytes, cancellationToken);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !h.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.SelectMany(h => h.Value).ToArray(), StringComparer.OrdinalIgnoreCase);
        var text = AsText(response.Content.Headers.ContentType?.MediaType, bytes);
        return new HttpCallAnswer(
            (int)response.StatusCode,
            response.ReasonPhrase,
            headers,
            text,
            text is null && bytes.Length > 0 ? Convert.ToBase64String(bytes) : null,
            bytes.Length,
            truncated,
            time.GetUtcNow());
    }

    private static async Task<(byte[] Bytes, bool Truncated)> ReadBodyAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[limit + 1];
        var read = 0;
        int last;
        while (read < buffer.Length && (last = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += last;
        }

        return read > limit ? (buffer[..limit], true) : (buffer[..read], false);
    }

    // Text kept as text so that a client reads its JSON answer as it is; anything else as base64.
    private static string? AsText(string? mediaType, byte[] bytes)
    {
        var textual = mediaType is { } type
            && (type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
                || type.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
                || type.EndsWith("/xml", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
                || type.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase));
        if (bytes.Length == 0)
        {
            return mediaType is null || textual ? string.Empty : null;
        }

        if (textual)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        try
        {
            return mediaType is null ? new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes) : null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static async Task<string> BodyStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var (bytes, _) = await ReadBodyAsync(response, ErrorBodyChars * 4, cancellationToken);
        var text = Encoding.UTF8.GetString(bytes).ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? "(empty body)" : text.Length > ErrorBodyChars ? string.Concat(text.AsSpan(0, ErrorBodyChars), "...") : text;
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        var now = time.GetUtcNow();
        return header?.Date is { } date && date > now ? date - now : null;
    }
}
