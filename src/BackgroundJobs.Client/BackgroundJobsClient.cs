using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BackgroundJobs.Client.Http;
using BackgroundJobs.Client.Jobs;
using BackgroundJobs.Client.Requests;

namespace BackgroundJobs.Client;

/// <summary>
/// The BackgroundJobs HTTP API (the server, or the Functions app) as .NET calls. Every call that
/// the API refuses throws <see cref="BackgroundJobsApiException"/> with the problem's status,
/// title, detail and field errors. Register it with <c>services.AddBackgroundJobsClient(...)</c>,
/// or construct it over an <see cref="HttpClient"/> of your own.
/// </summary>
public sealed class BackgroundJobsClient
{
    public const string ApiKeyHeader = "x-functions-key";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private readonly HttpClient http;
    private readonly BackgroundJobsClientOptions options;

    public BackgroundJobsClient(HttpClient http, BackgroundJobsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        this.http = http;
        this.options = options;
        var baseAddress = options.BaseAddress ?? http.BaseAddress
            ?? throw new ArgumentException("Set BaseAddress in the options or on the HttpClient.", nameof(options));

        // Paths are appended relative to the base, so a base with a path (a reverse proxy's prefix) keeps it.
        // Set only when it differs: an HttpClient that has sent requests refuses a new base address.
        var withSlash = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        if (http.BaseAddress != withSlash)
        {
            http.BaseAddress = withSlash;
        }
    }

    // Typed starts, one per built-in job type.
    public Task<JobAccepted> StartBulkEmailAsync(BulkEmailJobRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        StartAsync("bulk-email", request, idempotencyKey, cancellationToken);

    public Task<JobAccepted> StartDocumentsAsync(DocumentsJobRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        StartAsync("documents", request, idempotencyKey, cancellationToken);

    public Task<JobAccepted> StartCrmSyncAsync(CrmSyncJobRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        StartAsync("crm-sync", request, idempotencyKey, cancellationToken);

    public Task<JobAccepted> StartInferenceAsync(InferenceJobRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        StartAsync("inference", request, idempotencyKey, cancellationToken);

    public Task<JobAccepted> StartReportAsync(ReportJobRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        StartAsync("reports", request, idempotencyKey, cancellationToken);

    /// <summary>
    /// <c>POST /api/jobs/{type}</c> for any registered type: <paramref name="request"/> is sent as its JSON body.
    /// With <paramref name="idempotencyKey"/>, the same key and body return the same job (a different body is <c>422</c>).
    /// </summary>
    public async Task<JobAccepted> StartAsync<TRequest>(string type, TRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, Api($"jobs/{Escape(type)}")) { Content = Json(request) };
        if (idempotencyKey is not null)
        {
            message.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        }

        using var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        var accepted = await ReadAsync<JobAccepted>(response, cancellationToken).ConfigureAwait(false);
        return accepted with { RetryAfter = RetryAfter.From(response.Headers.RetryAfter, DateTimeOffset.UtcNow) };
    }

    /// <summary><c>GET /api/jobs/{id}</c>: type, status, progress, result, error and result files.</summary>
    public async Task<Job> GetJobAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await GetAsync(JobPath(id), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<Job>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls the job until it is completed, failed or canceled, and returns it; use the token to give up.</summary>
    public Task<Job> WaitForCompletionAsync(JobAccepted accepted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return WaitForCompletionAsync(accepted.Id, accepted.RetryAfter, cancellationToken);
    }

    /// <inheritdoc cref="WaitForCompletionAsync(JobAccepted, CancellationToken)"/>
    public Task<Job> WaitForCompletionAsync(string id, CancellationToken cancellationToken = default) =>
        WaitForCompletionAsync(id, null, cancellationToken);

    /// <summary>
    /// Waits <paramref name="firstWait"/> (the start's <c>Retry-After</c>), then polls. A <c>Retry-After</c> on
    /// an answer is honoured as given; without one the wait doubles from
    /// <see cref="BackgroundJobsClientOptions.InitialPollInterval"/> up to <see cref="BackgroundJobsClientOptions.MaxPollInterval"/>.
    /// A <c>429</c> or <c>503</c> is waited out, not thrown.
    /// </summary>
    private async Task<Job> WaitForCompletionAsync(string id, TimeSpan? firstWait, CancellationToken cancellationToken)
    {
        var backoff = options.InitialPollInterval;
        if (firstWait is { } wait && wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            TimeSpan? asked;
            using (var response = await GetAsync(JobPath(id), cancellationToken).ConfigureAwait(false))
            {
                asked = RetryAfter.From(response.Headers.RetryAfter, DateTimeOffset.UtcNow);
                if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
                {
                    var job = await ReadAsync<Job>(response, cancellationToken).ConfigureAwait(false);
                    if (job.IsFinished)
                    {
                        return job;
                    }
                }
            }

            await Task.Delay(asked ?? backoff, cancellationToken).ConfigureAwait(false);
            if (asked is null)
            {
                backoff = backoff * 2 < options.MaxPollInterval ? backoff * 2 : options.MaxPollInterval;
            }
        }
    }

    /// <summary><c>POST /api/jobs/{id}/cancel</c>: stops a running job and records who and why; <c>409</c> once it has finished.</summary>
    public async Task<CanceledJob> CancelAsync(string id, string? reason = null, string? requestedBy = null, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, Api($"{JobPath(id)}/cancel"));
        if (reason is not null || requestedBy is not null)
        {
            message.Content = Json(new { reason, requestedBy });
        }

        using var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<CanceledJob>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /api/jobs/{id}/retry</c>: runs a failed or canceled job again as a new, linked job (the same new job when asked twice).</summary>
    public async Task<RetriedJob> RetryAsync(string id, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, Api($"{JobPath(id)}/retry"));
        using var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<RetriedJob>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /api/jobs/retry</c>: retries the failed jobs that match and were not retried yet.</summary>
    public async Task<BulkRetryResult> RetryFailedAsync(BulkRetryFilter? filter = null, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, Api("jobs/retry")) { Content = Json(filter ?? new BulkRetryFilter()) };
        using var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<BulkRetryResult>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>DELETE /api/jobs/{id}</c>: purges a finished job, its sub-instances and blobs; <c>409</c> while it runs.</summary>
    public async Task PurgeAsync(string id, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Delete, Api(JobPath(id)));
        using var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        await ProblemReader.ThrowIfFailedAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of <c>GET /api/jobs</c>, newest first; pass the page's <see cref="JobPage.ContinuationToken"/> for the next.</summary>
    public async Task<JobPage> ListJobsAsync(JobListQuery? query = null, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        var parameters = new List<string>();
        Add(parameters, "status", query?.Status?.ToString().ToLowerInvariant());
        Add(parameters, "type", query?.Type);
        Add(parameters, "createdFrom", query?.CreatedFrom?.ToString("O", CultureInfo.InvariantCulture));
        Add(parameters, "createdTo", query?.CreatedTo?.ToString("O", CultureInfo.InvariantCulture));
        Add(parameters, "pageSize", query?.PageSize?.ToString(CultureInfo.InvariantCulture));
        Add(parameters, "continuationToken", continuationToken);
        var path = parameters.Count == 0 ? "jobs" : "jobs?" + string.Join('&', parameters);
        using var response = await GetAsync(path, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<JobPage>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every job that matches, newest first, a page at a time (following the continuation tokens).</summary>
    public async IAsyncEnumerable<Job> ListAllJobsAsync(JobListQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await ListJobsAsync(query, token, cancellationToken).ConfigureAwait(false);
            foreach (var job in page.Items)
            {
                yield return job;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    /// <summary>
    /// <c>GET /api/jobs/{id}/events</c> as it arrives: <c>job.progress</c> events, then the ending, after which
    /// the enumeration ends. The server closes a long stream after a while; the client then reconnects,
    /// unless the job has finished meanwhile.
    /// </summary>
    public async IAsyncEnumerable<JobEvent> GetEventsAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? lastEventId = null;
        while (true)
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, Api($"{JobPath(id)}/events"));
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            if (lastEventId is not null)
            {
                message.Headers.Add("Last-Event-ID", lastEventId);
            }

            using var response = await SendAsync(message, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            await ProblemReader.ThrowIfFailedAsync(response, cancellationToken).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (JsonSerializer.Deserialize<JobEvent>(item.Data, ClientJson.Options) is not { } jobEvent)
                    {
                        continue;
                    }

                    lastEventId = item.EventId ?? lastEventId;
                    yield return jobEvent;
                    if (jobEvent.IsEnding)
                    {
                        yield break;
                    }
                }
            }

            if ((await GetJobAsync(id, cancellationToken).ConfigureAwait(false)).IsFinished)
            {
                yield break;
            }
        }
    }

    /// <summary><c>POST /api/uploads</c>: stores the body as a blob and returns its name, for a job's <c>blob</c> or <c>recipientsBlob</c>.</summary>
    /// <param name="contentType">e.g. <c>text/csv</c>, <c>application/x-ndjson</c>, <c>application/pdf</c>, <c>image/png</c>.</param>
    public async Task<UploadedFile> UploadAsync(Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var body = new StreamContent(content);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var message = new HttpRequestMessage(HttpMethod.Post, Api("uploads")) { Content = body };
        using var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<UploadedFile>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies one of a job's result files (from <see cref="Job.Files"/>) to <paramref name="destination"/>.</summary>
    public async Task DownloadResultAsync(JobResultFile file, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var message = new HttpRequestMessage(HttpMethod.Get, file.Url);
        await DownloadAsync(message, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET /api/jobs/{id}/results/{name}</c>: copies a result file (its name within the job's results, or its full blob name) to <paramref name="destination"/>.</summary>
    public async Task DownloadResultAsync(string jobId, string name, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentException.ThrowIfNullOrEmpty(name);

        // The full blob name (JobResultFile.Name, results/{id}/...) is taken as well as the name within the job's results.
        var prefix = $"results/{jobId}/";
        var relative = name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
        var path = string.Join('/', relative.Split('/').Select(Escape));
        using var message = new HttpRequestMessage(HttpMethod.Get, Api($"{JobPath(jobId)}/results/{path}"));
        await DownloadAsync(message, destination, cancellationToken).ConfigureAwait(false);
    }

    private async Task DownloadAsync(HttpRequestMessage message, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var response = await SendAsync(message, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await ProblemReader.ThrowIfFailedAsync(response, cancellationToken).ConfigureAwait(false);
        await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, Api(path));
        return await SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    // The key goes only to the API's own host: a result link may point at blob storage (a SAS URL), which must not see it.
    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var target = message.RequestUri!.IsAbsoluteUri ? message.RequestUri : new Uri(http.BaseAddress!, message.RequestUri);
        if (options.ApiKey is not null && http.BaseAddress!.IsBaseOf(target))
        {
            message.Headers.Add(ApiKeyHeader, options.ApiKey);
        }

        return http.SendAsync(message, completion, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await ProblemReader.ThrowIfFailedAsync(response, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync<T>(stream, ClientJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new BackgroundJobsApiException(response.StatusCode, "Empty answer.", $"The API answered {(int)response.StatusCode} with no {typeof(T).Name}.", null, null);
        }
    }

    // Sent with a Content-Length (not chunked), in UTF-8, as the API asks of a JSON body.
    private static ByteArrayContent Json<T>(T value)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, ClientJson.Options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static Uri Api(string path) => new("api/" + path, UriKind.Relative);

    private static string JobPath(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return "jobs/" + Escape(id);
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static void Add(List<string> parameters, string name, string? value)
    {
        if (value is not null)
        {
            parameters.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }
}
