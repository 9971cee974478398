using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using BackgroundJobs.Infrastructure.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// <c>POST {Inference:BaseUrl}/chat/completions</c> and <c>/embeddings</c> through the official
/// <c>OpenAI</c> package, paced by the shared <see cref="RequestPacer"/> (keyed
/// <see cref="InferenceOptions.SectionName"/>). The package rather than a typed HttpClient because it
/// takes a custom endpoint (<see cref="OpenAIClientOptions.Endpoint"/>), lets its own retries be
/// turned off (<see cref="ClientRetryPolicy"/> with 0 retries, so the job's retry handler, which
/// honours <c>Retry-After</c> with durable timers, is the only policy), runs over our
/// <see cref="IHttpClientFactory"/> client, and reports every failed status as a
/// <see cref="ClientResultException"/> whose raw response gives the status, the headers
/// (<c>Retry-After</c>, <c>retry-after-ms</c>) and the error body. Every answer is classified, never
/// thrown: 2xx answered; 408, 409, 429, or a request that provably never left (connection refused,
/// DNS failure: see <see cref="HttpFailure"/>) transient; a 5xx, a timeout or a connection lost once the
/// request may have been written unknown, since the model may have run (and billed) the call; any
/// other 4xx rejected.
/// The API key goes only into the credential: it is never logged, and removed from any error text.
/// </summary>
public sealed class OpenAiInferenceClient : IInferenceClient
{
    /// <summary>The <see cref="IHttpClientFactory"/> client this uses; hosts may add handlers to it.</summary>
    public const string HttpClientName = "Inference";

    private const int MaxErrorLength = 500;

    private readonly ConcurrentDictionary<string, ChatClient> chatClients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EmbeddingClient> embeddingClients = new(StringComparer.Ordinal);
    private readonly ApiKeyCredential credential;
    private readonly OpenAIClientOptions clientOptions;
    private readonly string apiKey;
    private readonly TimeSpan timeout;
    private readonly RequestPacer pacer;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<OpenAiInferenceClient> logger;

    public OpenAiInferenceClient(
        IHttpClientFactory httpClientFactory,
        IOptions<InferenceOptions> options,
        [FromKeyedServices(InferenceOptions.SectionName)] RequestPacer pacer,
        TimeProvider timeProvider,
        ILogger<OpenAiInferenceClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value;
        apiKey = configured.ApiKey!;
        credential = new ApiKeyCredential(apiKey);
        timeout = TimeSpan.FromSeconds(configured.TimeoutSeconds);
        clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(configured.BaseUrl!),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // Our own timeout (below) applies; the pipeline's must not cut in first.
            NetworkTimeout = timeout + TimeSpan.FromSeconds(5),
            Transport = new HttpClientPipelineTransport(httpClientFactory.CreateClient(HttpClientName)),
        };
        this.pacer = pacer;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    public async Task<InferenceAnswer> SendAsync(InferenceCall request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var lease = await pacer.AcquireAsync(cancellationToken);
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var requestSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            return request.Mode == InferenceModes.Embeddings
                ? await EmbedAsync(request, requestSource.Token)
                : await CompleteChatAsync(request, requestSource.Token);
        }
        catch (ClientResultException ex) when (ex.Status == 0 && !cancellationToken.IsCancellationRequested)
        {
            // No response at all: the transport failed. Before connecting (refused, DNS) nothing ran;
            // after (a reset, the answer cut short) the call may have.
            return TransportFailed(request.Model, ex);
        }
        catch (ClientResultException ex)
        {
            return Classify(request.Model, ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The model goes on with a call whose client gave up: it may have run and been billed.
            InferenceLogs.InferenceTimedOut(logger, request.Model, timeout);
            return new InferenceAnswer(InferenceAnswerOutcome.Unknown, Error: string.Create(CultureInfo.InvariantCulture, $"the model did not answer within {timeout.TotalSeconds:0.###} s."));
        }
        catch (HttpRequestException ex)
        {
            return TransportFailed(request.Model, ex);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            // A 2xx the package cannot read tells us nothing; asking again is the only cure.
            return new InferenceAnswer(InferenceAnswerOutcome.Transient, Error: $"unreadable answer: {Redact(ex.Message)}");
        }
    }

    private InferenceAnswer TransportFailed(string model, Exception ex)
    {
        var status = (ex as HttpRequestException)?.StatusCode is { } code ? (int?)code : null;
        if (HttpFailure.RequestNeverLeft(ex))
        {
            InferenceLogs.InferenceUnreachable(logger, model, ex);
            return new InferenceAnswer(InferenceAnswerOutcome.Transient, StatusCode: status, Error: $"the model endpoint could not be reached: {Redact(ex.Message)}");
        }

        InferenceLogs.InferenceAnswerLost(logger, model, ex);
        return new InferenceAnswer(InferenceAnswerOutcome.Unknown, StatusCode: status, Error: $"the model's answer was lost: {Redact(ex.Message)}");
    }

    private async Task<InferenceAnswer> CompleteChatAsync(InferenceCall request, CancellationToken cancellationToken)
    {
        var chat = chatClients.GetOrAdd(request.Model, model => new ChatClient(model, credential, clientOptions));
        var messages = request.Messages!.Select<InferenceMessage, ChatMessage>(m => m.Role switch
        {
            "system" => new SystemChatMessage(m.Content),
            "assistant" => new AssistantChatMessage(m.Content),
            _ => new UserChatMessage(m.Content),
        }).ToList();
        var options = new ChatCompletionOptions
        {
            MaxOutputTokenCount = request.MaxTokens,
            Temperature = request.Temperature is { } temperature ? (float)temperature : null,
        };
        ChatCompletion completion = await chat.CompleteChatAsync(messages, options, cancellationToken);
        var text = string.Concat(completion.Content.Select(part => part.Text));
        var usage = completion.Usage is { } used ? new InferenceUsage(used.InputTokenCount, used.OutputTokenCount, used.TotalTokenCount) : null;
        return new InferenceAnswer(InferenceAnswerOutcome.Answered, JsonSerializer.SerializeToElement(text), WireName(completion.FinishReason), usage, 200);
    }

    private async Task<InferenceAnswer> EmbedAsync(InferenceCall request, CancellationToken cancellationToken)
    {
        var embedder = embeddingClients.GetOrAdd(request.Model, model => new EmbeddingClient(model, credential, clientOptions));
        OpenAIEmbeddingCollection embeddings = await embedder.GenerateEmbeddingsAsync([request.Input!], options: null, cancellationToken);
        var vector = embeddings[0].ToFloats().ToArray();
        var usage = embeddings.Usage is { } used ? new InferenceUsage(used.InputTokenCount, 0, used.TotalTokenCount) : null;
        return new InferenceAnswer(InferenceAnswerOutcome.Answered, JsonSerializer.SerializeToElement(vector), Usage: usage, StatusCode: 200);
    }

    private InferenceAnswer Classify(string model, ClientResultException ex)
    {
        var status = ex.Status;
        var response = ex.GetRawResponse();
        var error = Redact(ErrorMessageOf(response) ?? ex.Message);
        if (status is 408 or 409 or 429)
        {
            var retryAfter = RetryAfterOf(response);
            InferenceLogs.InferenceTransient(logger, model, status, retryAfter, error);
            return new InferenceAnswer(InferenceAnswerOutcome.Transient, StatusCode: status, Error: error, RetryAfter: retryAfter);
        }

        // A 5xx may come from a gateway after the model ran the call, or from the model after it was billed.
        if (status >= 500)
        {
            InferenceLogs.InferenceOutcomeUnknown(logger, model, status, error);
            return new InferenceAnswer(InferenceAnswerOutcome.Unknown, StatusCode: status, Error: error, RetryAfter: RetryAfterOf(response));
        }

        return new InferenceAnswer(InferenceAnswerOutcome.Rejected, StatusCode: status, Error: error);
    }

    /// <summary>OpenAI's <c>retry-after-ms</c> when given, else the standard <c>Retry-After</c> (seconds or an HTTP date).</summary>
    private TimeSpan? RetryAfterOf(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date - timeProvider.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero)
            : null;
    }

    /// <summary>The OpenAI error body's <c>error.message</c> (or a problem document's <c>detail</c>) when there is one, else the body, shortened.</summary>
    private static string? ErrorMessageOf(PipelineResponse? response)
    {
        var text = response?.Content?.ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                    && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    text = message.GetString()!;
                }
                else if (root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
                {
                    text = detail.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the text itself is the best message there is.
        }

        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }

    // A provider may quote the key it was sent (part or whole); the error is stored in the results.
    private string Redact(string text) =>
        apiKey.Length >= 8 ? text.Replace(apiKey, "[redacted]", StringComparison.Ordinal) : text;

    private static string WireName(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Stop => "stop",
        ChatFinishReason.Length => "length",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.ToolCalls => "tool_calls",
        ChatFinishReason.FunctionCall => "function_call",
        _ => reason.ToString().ToLowerInvariant(),
    };
}
