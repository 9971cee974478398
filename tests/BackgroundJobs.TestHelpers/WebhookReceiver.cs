using BackgroundJobs.StandIns;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.TestHelpers;

/// <summary>
/// A client's endpoint on a real Kestrel server at <c>http://127.0.0.1:{port}/hooks</c> (a webhook
/// receiver) or any other path (a client API that an <c>http-call</c> job calls). It records every
/// request (method, query, headers, body) and answers from a script (status code, optional
/// <c>Retry-After</c>, <c>Location</c>, JSON body and delay), then <see cref="DefaultStatus"/> with
/// <see cref="DefaultBody"/> once the script is used up. Every answer carries
/// <c>X-Request-Count</c>, the number of requests received so far.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string HookPath = "/hooks";

    private readonly Lock gate = new();
    private readonly Queue<Answer> script = new();
    private readonly List<ReceivedWebhook> received = [];
    private WebApplication? app;

    private WebhookReceiver()
    {
    }

    public string BaseUrl { get; private set; } = string.Empty;

    public string Path { get; private set; } = HookPath;

    public string Url => BaseUrl + Path;

    /// <summary>Every request that reached the hook path, answered or not.</summary>
    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (gate)
            {
                return received.ToArray();
            }
        }
    }

    /// <summary>The answer when the script is empty; 200 unless changed (say, 503 for a receiver that stays down).</summary>
    public int DefaultStatus { get; set; } = StatusCodes.Status200OK;

    /// <summary>The JSON body of the answer when the script is empty; none unless set.</summary>
    public string? DefaultBody { get; set; }

    public static async Task<WebhookReceiver> StartAsync(CancellationToken cancellationToken = default) =>
        await StartAsync(HookPath, cancellationToken);

    public static async Task<WebhookReceiver> StartAsync(string path, CancellationToken cancellationToken = default)
    {
        var receiver = new WebhookReceiver { Path = path };
        var builder = StandInHost.CreateBuilder("http://127.0.0.1:0");
        var app = builder.Build();
        app.Map(path, receiver.HandleAsync);
        await app.StartAsync(cancellationToken);
        receiver.app = app;
        receiver.BaseUrl = app.Urls.Single().TrimEnd('/');
        return receiver;
    }

    /// <summary>Queues the next answers, in order.</summary>
    public void Script(params Answer[] answers)
    {
        lock (gate)
        {
            foreach (var answer in answers)
            {
                script.Enqueue(answer);
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Received.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} webhook requests within {timeout}, got {Received.Count}.");
            }

            await Task.Delay(50);
        }

        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is { } running)
        {
            app = null;
            await running.StopAsync();
            await running.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Answer? answer;
        lock (gate)
        {
            received.Add(new ReceivedWebhook(
                context.Request.Method,
                context.Request.QueryString.Value ?? string.Empty,
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body,
                DateTimeOffset.UtcNow));
            answer = script.TryDequeue(out var next) ? next : null;
        }

        answer ??= new Answer(DefaultStatus, Body: DefaultBody);
        if (answer.Delay is { } delay)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        context.Response.StatusCode = answer.Status;
        context.Response.Headers["X-Request-Count"] = Received.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (answer.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (answer.Location is { } location)
        {
            context.Response.Headers.Location = location;
        }

        if (answer.Body is { } text)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(text, context.RequestAborted);
        }
    }

    public sealed record Answer(int Status, int? RetryAfterSeconds = null, string? Location = null, TimeSpan? Delay = null, string? Body = null);
}

/// <param name="Query">The query string with its leading <c>?</c>, or empty.</param>
/// <param name="Headers">Lower-case header names.</param>
public sealed record ReceivedWebhook(string Method, string Query, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
{
    public string Id => Headers.GetValueOrDefault("webhook-id") ?? string.Empty;

    /// <summary>The headers as ASP.NET Core holds them, for <c>StandardWebhook.Verify</c>.</summary>
    public IHeaderDictionary ToHeaderDictionary()
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in Headers)
        {
            headers[name] = value;
        }

        return headers;
    }
}
