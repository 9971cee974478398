using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Infrastructure.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// The CRM contract's <c>POST {Crm:BaseUrl}/contacts/batch-upsert</c>, paced by the shared
/// <see cref="RequestPacer"/> (keyed <see cref="CrmOptions.SectionName"/>). The answer is classified, never thrown: 200 with a result per
/// record answered; 408, 429, 5xx, a timeout or no connection transient (with <c>Retry-After</c>);
/// any other status rejected.
/// </summary>
public sealed class HttpCrmClient(
    IHttpClientFactory httpClientFactory,
    IOptions<CrmOptions> options,
    [FromKeyedServices(CrmOptions.SectionName)] RequestPacer rateLimiter,
    TimeProvider timeProvider,
    ILogger<HttpCrmClient> logger) : ICrmClient
{
    /// <summary>The <see cref="IHttpClientFactory"/> client this uses; hosts may add handlers to it.</summary>
    public const string HttpClientName = "Crm";

    public const string BatchUpsertPath = "contacts/batch-upsert";

    private const int MaxErrorLength = 500;

    private readonly Uri upsertUri = new(new Uri(WithTrailingSlash(options.Value.BaseUrl!)), BatchUpsertPath);
    private readonly TimeSpan timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);

    public async Task<CrmUpsertResult> UpsertAsync(IReadOnlyList<CrmContact> contacts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        using var lease = await rateLimiter.AcquireAsync(cancellationToken);
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var requestSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var http = httpClientFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, upsertUri)
        {
            Content = JsonContent.Create(new UpsertBody(contacts), options: JobJson.Options),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.ApiKey);
        try
        {
            using var response = await http.SendAsync(request, requestSource.Token);
            return await ClassifyAsync(response, contacts.Count, requestSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            CrmSyncLogs.CrmTimedOut(logger, contacts.Count, timeout);
            return new CrmUpsertResult(CrmUpsertOutcome.Transient, [], Error: string.Create(CultureInfo.InvariantCulture, $"the CRM did not answer within {timeout.TotalSeconds:0.###} s."));
        }
        catch (HttpRequestException ex)
        {
            CrmSyncLogs.CrmUnreachable(logger, ex);
            return new CrmUpsertResult(CrmUpsertOutcome.Transient, [], (int?)ex.StatusCode, $"the CRM could not be reached: {ex.Message}");
        }
    }

    private async Task<CrmUpsertResult> ClassifyAsync(HttpResponseMessage response, int count, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            try
            {
                var body = await response.Content.ReadFromJsonAsync<ResultsBody>(JobJson.Options, cancellationToken);
                return new CrmUpsertResult(CrmUpsertOutcome.Answered, body?.Results ?? [], status);
            }
            catch (JsonException ex)
            {
                // A 2xx we cannot read tells us nothing per record; upsert by external id is safe to repeat.
                return new CrmUpsertResult(CrmUpsertOutcome.Transient, [], status, $"unreadable answer: {ex.Message}");
            }
        }

        var error = await ReadErrorAsync(response.Content, cancellationToken) ?? $"HTTP {status} ({response.StatusCode})";
        if (status is 408 or 429 || status >= 500)
        {
            var retryAfter = RetryAfterOf(response.Headers.RetryAfter);
            CrmSyncLogs.CrmTransient(logger, count, status, retryAfter, error);
            return new CrmUpsertResult(CrmUpsertOutcome.Transient, [], status, error, retryAfter);
        }

        return new CrmUpsertResult(CrmUpsertOutcome.Rejected, [], status, error);
    }

    private TimeSpan? RetryAfterOf(RetryConditionHeaderValue? retryAfter)
    {
        var wait = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - timeProvider.GetUtcNow() : null);
        return wait is { } delay ? (delay > TimeSpan.Zero ? delay : TimeSpan.Zero) : null;
    }

    /// <summary>A problem document's <c>detail</c> (or <c>error</c>) when there is one, else the body, shortened.</summary>
    private static async Task<string?> ReadErrorAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var text = await content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            foreach (var name in (string[])["detail", "error", "title"])
            {
                if (json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty(name, out var value)
                    && value.ValueKind == JsonValueKind.String)
                {
                    text = value.GetString()!;
                    break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the text itself is the best message there is.
        }

        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }

    private static string WithTrailingSlash(string url) => url.EndsWith('/') ? url : url + "/";

    private sealed record UpsertBody(IReadOnlyList<CrmContact> Records);

    private sealed record ResultsBody(IReadOnlyList<CrmRecordResult>? Results);
}
