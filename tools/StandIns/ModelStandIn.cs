using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.StandIns;

/// <summary>
/// A local stand-in for an OpenAI-compatible model server, on a real Kestrel server at
/// <c>http://127.0.0.1:{port}/v1</c>: <c>POST /v1/chat/completions</c> and <c>POST /v1/embeddings</c>
/// with OpenAI's request and response shapes (<c>usage</c> included; embeddings as floats or, as the
/// OpenAI package asks by default, base64), its error body (<c>{"error":{"message",...}}</c>), a
/// bearer key check (401) and known models (404 for others). Answers are derived from the input
/// (<see cref="ChatAnswer"/>, <see cref="EmbeddingOf"/>, one token per word), so tests can check
/// order and content. Faults on demand: scripted statuses with <c>Retry-After</c>, a rate limit
/// (429), a slow answer, a 400 for inputs holding a marker. It counts requests in flight (the peak
/// proves a concurrency bound) and per clock second (the peak proves a rate limit). Like a real model
/// server, it finishes (and counts, per input) a call whose client timed out or hung up.
/// </summary>
public sealed class ModelStandIn : IAsyncDisposable
{
    public const string ApiKey = "sk-test-0123456789abcdef";
    public const string ChatModel = "test-chat";
    public const string EmbeddingModel = "test-embed";
    public const int Dimensions = 4;

    private readonly Lock gate = new();
    private readonly Queue<(int Status, TimeSpan? RetryAfter)> script = new();
    private readonly Dictionary<long, int> requestsPerSecond = [];
    private readonly ConcurrentDictionary<string, int> requestsByInput = new(StringComparer.Ordinal);
    private readonly List<DateTimeOffset> requestTimes = [];
    private WebApplication? app;
    private int requests;
    private int inFlight;
    private int peakInFlight;
    private int rateLimited;
    private int failedByScript;
    private int answersToDrop;

    private ModelStandIn()
    {
    }

    /// <summary>Where to point <c>Inference:BaseUrl</c>, such as <c>http://127.0.0.1:41234/v1</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>When set, requests past this many in one clock second get 429 with <c>Retry-After: 1</c>.</summary>
    public int? RateLimitPerSecond { get; set; }

    /// <summary>How long every request waits before it is answered.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>An input (prompt, message or embedding input) holding this text gets 400, every time.</summary>
    public string? RejectMarker { get; set; }

    /// <summary>Every request that arrived, answered or not.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>The most requests ever in flight at once.</summary>
    public int PeakConcurrency => Volatile.Read(ref peakInFlight);

    public int RateLimitedRequests => Volatile.Read(ref rateLimited);

    public int ScriptedFailures => Volatile.Read(ref failedByScript);

    /// <summary>The most requests that arrived within one clock second, 429s included.</summary>
    public int PeakRequestsPerSecond
    {
        get
        {
            lock (gate)
            {
                return requestsPerSecond.Count == 0 ? 0 : requestsPerSecond.Values.Max();
            }
        }
    }

    /// <summary>When each request arrived, in order.</summary>
    public IReadOnlyList<DateTimeOffset> RequestTimes
    {
        get
        {
            lock (gate)
            {
                return [.. requestTimes];
            }
        }
    }

    public static Task<ModelStandIn> StartAsync(CancellationToken cancellationToken = default) => StartAsync(0, cancellationToken);

    /// <param name="port">The port on 127.0.0.1; 0 for any free one.</param>
    public static async Task<ModelStandIn> StartAsync(int port, CancellationToken cancellationToken = default)
    {
        var standIn = new ModelStandIn();
        var builder = StandInHost.CreateBuilder(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", (Delegate)standIn.ChatAsync);
        app.MapPost("/v1/embeddings", (Delegate)standIn.EmbeddingsAsync);
        await app.StartAsync(cancellationToken);
        standIn.app = app;
        standIn.BaseUrl = app.Urls.Single().TrimEnd('/') + "/v1";
        return standIn;
    }

    /// <summary>The completion this server gives for the messages: each as <c>role: content</c>, joined by <c> | </c>.</summary>
    public static string ChatAnswer(IEnumerable<(string Role, string Content)> messages) =>
        "echo " + string.Join(" | ", messages.Select(m => $"{m.Role}: {m.Content}"));

    /// <summary>The vector this server gives for a text: its length, its words, its vowels, and its first character's code / 1000.</summary>
    public static float[] EmbeddingOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [text.Length, Tokens(text), text.Count(c => "aeiouAEIOU".Contains(c, StringComparison.Ordinal)), text.Length == 0 ? 0 : text[0] / 1000f];
    }

    /// <summary>How many tokens this server counts for a text: one per word.</summary>
    public static int Tokens(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>How many requests carried this exact input (a prompt's last user message, or an embedding input).</summary>
    public int RequestsFor(string input) => requestsByInput.GetValueOrDefault(input);

    /// <summary>Answers the next requests with this status (and <c>Retry-After</c>, in seconds), before any check.</summary>
    public void FailNextRequests(int count, int status, TimeSpan? retryAfter = null)
    {
        lock (gate)
        {
            for (var i = 0; i < count; i++)
            {
                script.Enqueue((status, retryAfter));
            }
        }
    }

    /// <summary>The next requests are run (and counted) as usual, then the connection is dropped before the answer: a reset mid-request.</summary>
    public void DropNextAnswers(int count) => Interlocked.Add(ref answersToDrop, count);

    public async Task StopAsync()
    {
        if (app is { } running)
        {
            app = null;
            await running.StopAsync();
            await running.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static IResult Error(int status, string message, string type, string? code = null) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code } }, statusCode: status);

    private Task<IResult> ChatAsync(HttpContext context) => HandleAsync(context, ChatModel, body =>
    {
        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            return (null, null, Error(400, "'messages' must be a non-empty array.", "invalid_request_error"));
        }

        var list = messages.Select(m => (Role: m?["role"]?.GetValue<string>() ?? string.Empty, Content: m?["content"]?.GetValue<string>() ?? string.Empty)).ToList();
        var answer = ChatAnswer(list);
        var promptTokens = list.Sum(m => Tokens(m.Content));
        var completionTokens = Tokens(answer);
        var response = new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12],
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = body["model"]?.GetValue<string>(),
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens },
        };
        return (list.LastOrDefault(m => m.Role == "user").Content ?? list[^1].Content, list.Select(m => m.Content), Results.Json(response));
    });

    private Task<IResult> EmbeddingsAsync(HttpContext context) => HandleAsync(context, EmbeddingModel, body =>
    {
        var inputs = body["input"] switch
        {
            JsonValue one when one.GetValueKind() == JsonValueKind.String => [one.GetValue<string>()],
            JsonArray many when many.All(i => i?.GetValueKind() == JsonValueKind.String) => many.Select(i => i!.GetValue<string>()).ToList(),
            _ => (List<string>?)null,
        };
        if (inputs is not { Count: > 0 })
        {
            return (null, null, Error(400, "'input' must be a string or an array of strings.", "invalid_request_error"));
        }

        var base64 = body["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = EmbeddingOf(inputs[i]);
            JsonNode embedding = base64
                ? Convert.ToBase64String(vector.SelectMany(BitConverter.GetBytes).ToArray())
                : new JsonArray(vector.Select(v => (JsonNode)v).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        var tokens = inputs.Sum(Tokens);
        var response = new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = body["model"]?.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        };
        return (inputs[0], inputs, Results.Json(response));
    });

    private bool TakeDrop()
    {
        for (var left = Volatile.Read(ref answersToDrop); left > 0; left = Volatile.Read(ref answersToDrop))
        {
            if (Interlocked.CompareExchange(ref answersToDrop, left - 1, left) == left)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts, applies the faults and the checks, then lets <paramref name="answer"/> read the body.</summary>
    private async Task<IResult> HandleAsync(
        HttpContext context,
        string knownModel,
        Func<JsonObject, (string? Key, IEnumerable<string>? Texts, IResult Result)> answer)
    {
        // Read before the request counts, so a test that changes the delay once it sees a request
        // has arrived does not change it for that request.
        var delay = Delay;
        Interlocked.Increment(ref requests);
        var now = Interlocked.Increment(ref inFlight);
        for (var peak = Volatile.Read(ref peakInFlight); now > peak && Interlocked.CompareExchange(ref peakInFlight, now, peak) != peak; peak = Volatile.Read(ref peakInFlight))
        {
        }

        try
        {
            var arrived = DateTimeOffset.UtcNow;
            (int Status, TimeSpan? RetryAfter) scripted = default;
            bool overLimit;
            lock (gate)
            {
                requestTimes.Add(arrived);
                var count = requestsPerSecond[arrived.ToUnixTimeSeconds()] = requestsPerSecond.GetValueOrDefault(arrived.ToUnixTimeSeconds()) + 1;
                overLimit = RateLimitPerSecond is { } limit && count > limit;
                if (!overLimit)
                {
                    script.TryDequeue(out scripted);
                }
            }

            // A real model server reads the whole request and then runs (and bills) the call whether
            // or not the client is still there; only a request that never arrived whole is dropped.
            string text;
            try
            {
                using var reader = new StreamReader(context.Request.Body);
                text = await reader.ReadToEndAsync(context.RequestAborted);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
            {
                return Results.Empty;
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, CancellationToken.None);
            }

            if (overLimit)
            {
                Interlocked.Increment(ref rateLimited);
                context.Response.Headers.RetryAfter = "1";
                return Error(429, "Rate limit reached for requests. Please try again in 1s.", "requests", "rate_limit_exceeded");
            }

            if (scripted.Status != 0)
            {
                Interlocked.Increment(ref failedByScript);
                if (scripted.RetryAfter is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                return Error(scripted.Status, "Scripted failure.", scripted.Status >= 500 ? "server_error" : "invalid_request_error");
            }

            if (context.Request.Headers.Authorization.ToString() != $"Bearer {ApiKey}")
            {
                return Error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
            }

            JsonObject? body;
            try
            {
                body = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }

            if (body is null)
            {
                return Error(400, "We could not parse the JSON body of your request.", "invalid_request_error");
            }

            var model = body["model"]?.GetValue<string>();
            if (model != knownModel)
            {
                return Error(404, $"The model `{model}` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found");
            }

            var (key, texts, result) = answer(body);
            if (key is not null)
            {
                requestsByInput.AddOrUpdate(key, 1, (_, n) => n + 1);
            }

            if (TakeDrop())
            {
                context.Abort();
                return Results.Empty;
            }

            if (RejectMarker is { } marker && texts is not null && texts.Any(t => t.Contains(marker, StringComparison.Ordinal)))
            {
                return Error(400, $"Invalid prompt: it holds '{marker}', which this model refuses.", "invalid_request_error", "invalid_prompt");
            }

            return result;
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }
}
