using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.StandIns;

/// <summary>
/// A local stand-in for the CRM contract in docs/jobs/crm-sync.md, on a real Kestrel server at
/// <c>http://127.0.0.1:{port}</c>: <c>POST /contacts/batch-upsert</c> (bearer key, 1-100 records,
/// upsert by <c>externalId</c>, a result per record: created, updated, or failed for a missing id or
/// an invalid e-mail) and <c>GET /contacts?pageSize=&amp;cursor=</c> (the stored contacts in
/// external-id order, a page at a time). It remembers contacts, so a second sync counts updates; it
/// can rate-limit (429 with <c>Retry-After</c>) and be told to fail (scripted statuses).
/// </summary>
public sealed class CrmStandIn : IAsyncDisposable
{
    public const string UpsertPath = "/contacts/batch-upsert";
    public const string ListPath = "/contacts";
    public const int MaxRecordsPerRequest = 100;

    private readonly Lock gate = new();
    private readonly Queue<(int Status, TimeSpan? RetryAfter)> script = new();
    private readonly SortedDictionary<string, JsonObject> contacts = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> requestsPerSecond = [];
    private WebApplication? app;
    private int upsertRequests;
    private int rateLimited;
    private int failedByScript;

    private CrmStandIn()
    {
    }

    /// <summary>Where to point <c>Crm:BaseUrl</c>, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>When set, upserts past this many in one clock second get 429 with <c>Retry-After: 1</c>.</summary>
    public int? RateLimitPerSecond { get; set; }

    /// <summary>How long every upsert waits before it is handled; keeps a sync running for schedule tests.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Every upsert request that arrived, answered or not.</summary>
    public int UpsertRequests => Volatile.Read(ref upsertRequests);

    public int RateLimitedRequests => Volatile.Read(ref rateLimited);

    public int ScriptedFailures => Volatile.Read(ref failedByScript);

    /// <summary>The most upserts that arrived within one clock second, 429s included.</summary>
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

    public int ContactCount
    {
        get
        {
            lock (gate)
            {
                return contacts.Count;
            }
        }
    }

    public static Task<CrmStandIn> StartAsync(CancellationToken cancellationToken = default) => StartAsync(0, cancellationToken);

    /// <param name="port">The port on 127.0.0.1; 0 for any free one.</param>
    public static async Task<CrmStandIn> StartAsync(int port, CancellationToken cancellationToken = default)
    {
        var standIn = new CrmStandIn();
        var builder = StandInHost.CreateBuilder(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        var app = builder.Build();
        app.MapPost(UpsertPath, (Delegate)standIn.UpsertAsync);
        app.MapGet(ListPath, (Delegate)standIn.List);
        await app.StartAsync(cancellationToken);
        standIn.app = app;
        standIn.BaseUrl = app.Urls.Single().TrimEnd('/') + "/";
        return standIn;
    }

    /// <summary>The stored contact, as the CRM holds it, or null.</summary>
    public JsonObject? Find(string externalId)
    {
        lock (gate)
        {
            return contacts.TryGetValue(externalId, out var contact) ? (JsonObject)contact.DeepClone() : null;
        }
    }

    /// <summary>Answers the next upsert with this status (and <c>Retry-After</c>), before any check.</summary>
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

    /// <summary>Every contact, read through the paged <c>GET /contacts</c> as a client of the CRM would.</summary>
    public async Task<List<JsonObject>> ListAllAsync(int pageSize = 250)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var all = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var query = string.Create(CultureInfo.InvariantCulture, $"contacts?pageSize={pageSize}") + (cursor is null ? string.Empty : $"&cursor={cursor}");
            var page = JsonNode.Parse(await http.GetStringAsync(new Uri(query, UriKind.Relative)))!.AsObject();
            all.AddRange(page["records"]!.AsArray().Select(r => r!.AsObject().DeepClone().AsObject()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return all;
    }

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

    private static IResult Problem(int status, string detail) =>
        Results.Json(new { title = "Request refused", status, detail }, statusCode: status, contentType: "application/problem+json");

    private static string? Validate(JsonObject record)
    {
        var email = record["email"]?.GetValue<string>();
        return email is not null && (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
            ? $"email: '{email}' is not a valid e-mail address."
            : null;
    }

    private async Task<IResult> UpsertAsync(HttpContext context)
    {
        Interlocked.Increment(ref upsertRequests);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        (int Status, TimeSpan? RetryAfter) scripted = default;
        bool overLimit;
        lock (gate)
        {
            var count = requestsPerSecond[second] = requestsPerSecond.GetValueOrDefault(second) + 1;
            overLimit = RateLimitPerSecond is { } limit && count > limit;
            if (!overLimit)
            {
                script.TryDequeue(out scripted);
            }
        }

        if (overLimit)
        {
            Interlocked.Increment(ref rateLimited);
            context.Response.Headers.RetryAfter = "1";
            return Problem(429, "Too many requests: slow down.");
        }

        if (scripted.Status != 0)
        {
            Interlocked.Increment(ref failedByScript);
            if (scripted.RetryAfter is { } delay)
            {
                context.Response.Headers.RetryAfter = Math.Ceiling(delay.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }

            return Problem(scripted.Status, "Scripted failure.");
        }

        if (context.Request.Headers.Authorization.ToString() is not { Length: > 7 } authorization || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Problem(401, "A bearer key is required.");
        }

        JsonArray? records;
        try
        {
            records = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))?["records"] as JsonArray;
        }
        catch (JsonException)
        {
            return Problem(400, "The body is not JSON.");
        }

        if (records is null || records.Count is 0 or > MaxRecordsPerRequest)
        {
            return Problem(400, $"records must hold 1-{MaxRecordsPerRequest} contacts.");
        }

        var results = new JsonArray();
        lock (gate)
        {
            foreach (var node in records)
            {
                var record = node as JsonObject;
                var externalId = record?["externalId"]?.GetValue<string>();
                var error = record is null || string.IsNullOrEmpty(externalId) ? "externalId is required." : Validate(record);
                if (error is not null)
                {
                    results.Add(new JsonObject { ["externalId"] = externalId, ["status"] = "failed", ["error"] = error });
                    continue;
                }

                var status = contacts.ContainsKey(externalId!) ? "updated" : "created";
                contacts[externalId!] = (JsonObject)record!.DeepClone();
                results.Add(new JsonObject { ["externalId"] = externalId, ["status"] = status });
            }
        }

        return Results.Json(new JsonObject { ["results"] = results });
    }

    private IResult List(int? pageSize, string? cursor)
    {
        var size = Math.Clamp(pageSize ?? 100, 1, 1000);
        var start = int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? at : 0;
        lock (gate)
        {
            var page = new JsonArray(contacts.Values.Skip(start).Take(size).Select(c => (JsonNode)c.DeepClone()).ToArray());
            var next = start + size < contacts.Count ? (start + size).ToString(CultureInfo.InvariantCulture) : null;
            return Results.Json(new JsonObject { ["records"] = page, ["nextCursor"] = next });
        }
    }
}
