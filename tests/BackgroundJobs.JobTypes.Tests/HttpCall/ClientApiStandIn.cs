using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.JobTypes.Tests.HttpCall;

/// <summary>
/// A stand-in for a client's API that an http-call job calls: a real Kestrel server on
/// <c>http://127.0.0.1:{port}/api/orders</c> that records every request and answers from a script
/// (status, <c>Retry-After</c>, body, delay), then 200 with <see cref="FinalBody"/>.
/// </summary>
public sealed class ClientApiStandIn : IAsyncDisposable
{
    public const string FinalBody = """{"order":"A-17","state":"accepted"}""";

    private readonly Lock gate = new();
    private readonly Queue<Answer> script = new();
    private readonly List<CalledRequest> received = [];
    private WebApplication? app;

    public string Url { get; private set; } = string.Empty;

    public IReadOnlyList<CalledRequest> Received
    {
        get
        {
            lock (gate)
            {
                return received.ToArray();
            }
        }
    }

    public static async Task<ClientApiStandIn> StartAsync()
    {
        var standIn = new ClientApiStandIn();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Map("/api/orders", standIn.HandleAsync);
        await app.StartAsync();
        standIn.app = app;
        standIn.Url = app.Urls.Single().TrimEnd('/') + "/api/orders";
        return standIn;
    }

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
            received.Add(new CalledRequest(
                context.Request.Method,
                context.Request.QueryString.Value ?? string.Empty,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body,
                DateTimeOffset.UtcNow));
            answer = script.TryDequeue(out var next) ? next : null;
        }

        answer ??= new Answer(StatusCodes.Status200OK, Body: FinalBody);
        if (answer.Delay is { } delay)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        context.Response.StatusCode = answer.Status;
        context.Response.Headers["X-Request-Count"] = Received.Count.ToString(CultureInfo.InvariantCulture);
        if (answer.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (answer.Body is { } text)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(text, context.RequestAborted);
        }
    }

    public sealed record Answer(int Status, int? RetryAfterSeconds = null, string? Body = null, TimeSpan? Delay = null);
}

/// <param name="Headers">By name, case-insensitive.</param>
public sealed record CalledRequest(string Method, string Query, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);
