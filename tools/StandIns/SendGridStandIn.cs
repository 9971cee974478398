using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.StandIns;

/// <summary>
/// A local stand-in for SendGrid's v3 <c>mail/send</c>, on a real Kestrel server at
/// <c>http://127.0.0.1:{port}</c>. It checks a request the way SendGrid does (a bearer key, a sender,
/// 1-1000 personalizations each with a <c>to</c>, a subject and content unless there is a template)
/// and answers with SendGrid's status codes and error shape. It records what it accepted, and can
/// be told to fail: scripted answers, a run of failures, a delay, or a rate limit. A request that
/// fails records nothing, because SendGrid would not have taken those recipients. Like SendGrid, it
/// reads a request whole and then finishes it even when the client has gone (timed out or hung up):
/// such a request is still accepted and counted, so a sender that resends after a timeout mails twice.
/// <para>
/// It also serves the Email Activity API's <c>GET /v3/messages</c> for the queries the server makes
/// (<c>unique_args['name']="value"</c>, <c>to_email="..."</c>), one message per accepted recipient,
/// with the service's rate limit (6 requests a minute, then 429 with <c>X-RateLimit-Reset</c>) and
/// its lag (a message shows only <see cref="ActivityLag"/> after it was accepted). A request can be
/// held once read (<see cref="HoldRequestAfter"/>), so a test can kill the client while it is in flight.
/// </para>
/// </summary>
public sealed class SendGridStandIn : IAsyncDisposable
{
    public const string SendPath = "/v3/mail/send";
    public const int MaxPersonalizations = 1000;
    public const string MessagesPath = "/v3/messages";
    public const int MaxActivityLimit = 1000;

    private readonly Lock gate = new();
    private readonly Queue<ScriptedResponse> script = new();
    private readonly List<SendGridStandInRecipient> accepted = [];
    private readonly List<string?> batchIds = [];
    private readonly List<ActivityMessage> activity = [];

    // Accepted bodies not yet indexed into the lists above. Indexing a 1,000-recipient body costs as
    // much CPU as writing it, and it is the stand-in's bookkeeping, not work SendGrid does on the
    // sender's machine: it happens when a test or the Email Activity API first asks, not on the
    // request path, so it does not compete with the sender being measured.
    private readonly List<(byte[] Body, DateTimeOffset AcceptedAt)> unindexed = [];

    // Kept beside the list so CountOf stays O(1) when an end-to-end test checks 100,000 recipients.
    private readonly Dictionary<string, int> counts = new(StringComparer.OrdinalIgnoreCase);
    private WebApplication? app;
    private int requests;
    private int inFlight;
    private byte[]? lastAcceptedBody;
    private string? lastAcceptedUserAgent;
    private long rateWindow;
    private int rateWindowCount;
    private long activityWindow;
    private int activityWindowCount;
    private int activityRequests;
    private HeldRequest? pendingHold;

    private SendGridStandIn()
    {
    }

    /// <summary>Where to point <c>SendGrid:BaseUrl</c>, such as <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>How long every request waits before it is handled; for timeout tests.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>While set, every request is answered with this status (an outage), before any check.</summary>
    public int? OutageStatus { get; set; }

    /// <summary>When set, requests past this many in one second get 429 with a <c>Retry-After</c>.</summary>
    public int? RateLimitPerSecond { get; set; }

    /// <summary>Email Activity requests allowed per minute (SendGrid's limit is 6); null for no limit.</summary>
    public int? ActivityRequestsPerMinute { get; set; } = 6;

    /// <summary>How long after acceptance a message shows in the Email Activity API (the service is eventually consistent).</summary>
    public TimeSpan ActivityLag { get; set; }

    /// <summary>False: the account has no Email Activity add-on, and the API answers 403.</summary>
    public bool EmailActivityAddOn { get; set; } = true;

    /// <summary>Every request that reached the Email Activity API, answered or not.</summary>
    public int ActivityRequests => Volatile.Read(ref activityRequests);

    /// <summary><c>mail/send</c> requests still being worked on, whether or not their client is still there.</summary>
    public int RequestsInFlight => Volatile.Read(ref inFlight);

    /// <summary>Every request that reached <c>mail/send</c>, failed or not.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>The addresses of every accepted recipient, in order of acceptance.</summary>
    public IReadOnlyList<string> AcceptedRecipients
    {
        get
        {
            lock (gate)
            {
                IndexLocked();
                return accepted.Select(r => r.Email).ToArray();
            }
        }
    }

    public IReadOnlyList<SendGridStandInRecipient> AcceptedMessages
    {
        get
        {
            lock (gate)
            {
                IndexLocked();
                return accepted.ToArray();
            }
        }
    }

    /// <summary>The <c>custom_args.batchId</c> of each accepted request, in order.</summary>
    public IReadOnlyList<string?> BatchIds
    {
        get
        {
            lock (gate)
            {
                return batchIds.ToArray();
            }
        }
    }

    public int AcceptedRequests
    {
        get
        {
            lock (gate)
            {
                return batchIds.Count;
            }
        }
    }

    /// <summary>The <c>User-Agent</c> of the last accepted request: whose client made it.</summary>
    public string? LastAcceptedUserAgent
    {
        get
        {
            lock (gate)
            {
                return lastAcceptedUserAgent;
            }
        }
    }

    public string? LastAcceptedBody
    {
        get
        {
            lock (gate)
            {
                return lastAcceptedBody is null ? null : Encoding.UTF8.GetString(lastAcceptedBody);
            }
        }
    }

    public static Task<SendGridStandIn> StartAsync(CancellationToken cancellationToken = default) => StartAsync(0, cancellationToken);

    /// <param name="port">The port on 127.0.0.1; 0 for any free one.</param>
    public static async Task<SendGridStandIn> StartAsync(int port, CancellationToken cancellationToken = default)
    {
        var standIn = new SendGridStandIn();
        await standIn.ListenAsync(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"), cancellationToken);
        return standIn;
    }

    /// <summary>
    /// Listens again on the address it had, after <see cref="StopAsync"/>: while stopped, senders get
    /// "connection refused", as from a provider that is down. What it recorded is kept.
    /// </summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) =>
        app is null ? ListenAsync(BaseUrl, cancellationToken) : Task.CompletedTask;

    private async Task ListenAsync(string url, CancellationToken cancellationToken)
    {
        var builder = StandInHost.CreateBuilder(url);
        var started = builder.Build();
        started.MapPost(SendPath, HandleAsync);
        started.MapGet(MessagesPath, HandleActivityAsync);
        await started.StartAsync(cancellationToken);
        app = started;
        BaseUrl = started.Urls.Single().TrimEnd('/');
    }

    public int CountOf(string email)
    {
        lock (gate)
        {
            IndexLocked();
            return counts.GetValueOrDefault(email);
        }
    }

    /// <summary>
    /// Holds the first valid <c>mail/send</c> request that arrives once <paramref name="acceptedRequests"/>
    /// requests have been accepted: its body is read, then it waits until the test decides whether
    /// SendGrid took it (<see cref="HeldRequest.Release"/>). Other requests go on meanwhile.
    /// </summary>
    public HeldRequest HoldRequestAfter(int acceptedRequests)
    {
        var hold = new HeldRequest(acceptedRequests);
        lock (gate)
        {
            pendingHold = hold;
        }

        return hold;
    }

    /// <summary>Answers the next request with this status and SendGrid's error body, before any check.</summary>
    public void EnqueueFault(int status, string? message = null, TimeSpan? retryAfter = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (retryAfter is { } delay)
        {
            headers["Retry-After"] = Math.Ceiling(delay.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        EnqueueResponse(status, ErrorBody(message ?? DefaultMessage(status), field: null), headers);
    }

    /// <summary>Answers the next request exactly so, before any check; for shapes a fault does not cover, such as an HTTP-date <c>Retry-After</c>.</summary>
    public void EnqueueResponse(int status, string? body = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        lock (gate)
        {
            script.Enqueue(new ScriptedResponse(status, body, headers));
        }
    }

    public void FailNextRequests(int count, int status, TimeSpan? retryAfter = null)
    {
        for (var i = 0; i < count; i++)
        {
            EnqueueFault(status, retryAfter: retryAfter);
        }
    }

    /// <summary>Forgets what was recorded and scripted, and the delay and rate limit.</summary>
    public void Reset()
    {
        lock (gate)
        {
            script.Clear();
            accepted.Clear();
            counts.Clear();
            batchIds.Clear();
            activity.Clear();
            unindexed.Clear();
            pendingHold = null;
            lastAcceptedBody = null;
            lastAcceptedUserAgent = null;
            Delay = TimeSpan.Zero;
            RateLimitPerSecond = null;
            Volatile.Write(ref requests, 0);
        }
    }

    /// <summary>Stops listening; later requests get "connection refused".</summary>
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

    private static string ErrorBody(string message, string? field) =>
        JsonSerializer.Serialize(new { errors = new[] { new { message, field, help = (string?)null } } });

    private static string DefaultMessage(int status) => status switch
    {
        401 => "The provided authorization grant is invalid, expired, or revoked",
        413 => "Payload Too Large",
        429 => "too many requests",
        >= 500 => "internal server error",
        _ => "Bad Request",
    };

    private static async Task WriteAsync(HttpContext context, int status, string? body, IReadOnlyDictionary<string, string>? headers = null)
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            try
            {
                await context.Response.WriteAsync(body, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client hung up; what the request did is done and recorded all the same.
            }
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static Dictionary<string, string> StringMap(JsonElement element, string property)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var item in value.EnumerateObject())
            {
                map[item.Name] = item.Value.ValueKind == JsonValueKind.String ? item.Value.GetString()! : item.Value.GetRawText();
            }
        }

        return map;
    }

    /// <summary>SendGrid's checks, in its order; the first broken rule is the answer, as SendGrid gives it.</summary>
    private static (string Field, string Message)? Validate(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (string.Empty, "Bad Request");
        }

        if (!root.TryGetProperty("from", out var from) || string.IsNullOrEmpty(Text(from, "email")))
        {
            return ("from.email", "The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.");
        }

        if (!root.TryGetProperty("personalizations", out var personalizations)
            || personalizations.ValueKind != JsonValueKind.Array
            || personalizations.GetArrayLength() == 0)
        {
            return ("personalizations", "The personalizations field is required and must have at least one personalization.");
        }

        if (personalizations.GetArrayLength() > MaxPersonalizations)
        {
            return ("personalizations", "You may not have more than 1000 personalizations per API request. You may need to batch your requests.");
        }

        var index = 0;
        foreach (var personalization in personalizations.EnumerateArray())
        {
            if (personalization.ValueKind != JsonValueKind.Object
                || !personalization.TryGetProperty("to", out var to)
                || to.ValueKind != JsonValueKind.Array
                || to.GetArrayLength() == 0
                || to.EnumerateArray().Any(address => string.IsNullOrEmpty(Text(address, "email"))))
            {
                return (
                    string.Create(CultureInfo.InvariantCulture, $"personalizations.{index}.to"),
                    "The to array is required for all personalization objects, and must have at least one email object with a valid email address.");
            }

            index++;
        }

        if (!string.IsNullOrEmpty(Text(root, "template_id")))
        {
            return null;
        }

        if (string.IsNullOrEmpty(Text(root, "subject"))
            && personalizations.EnumerateArray().Any(p => string.IsNullOrEmpty(Text(p, "subject"))))
        {
            return ("subject", "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.");
        }

        if (!root.TryGetProperty("content", out var content)
            || content.ValueKind != JsonValueKind.Array
            || !content.EnumerateArray().Any(c => !string.IsNullOrEmpty(Text(c, "type")) && !string.IsNullOrEmpty(Text(c, "value"))))
        {
            return ("content", "Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.");
        }

        return null;
    }

    private async Task HandleAsync(HttpContext context)
    {
        // Read before the request counts, so a test that changes the delay once it sees a request
        // has arrived does not change it for that request.
        var delay = Delay;
        Interlocked.Increment(ref requests);
        Interlocked.Increment(ref inFlight);
        try
        {
            await HandleSendAsync(context, delay);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private async Task HandleSendAsync(HttpContext context, TimeSpan delay)
    {

        // A real provider reads the whole request and then works on it, whether or not the client is
        // still there: a client that times out or hangs up after sending may well have been served.
        // Only a request that never arrived whole is dropped.
        // As bytes: the JSON is parsed from UTF-8, and a string copy of a 1,000-recipient body
        // would be decoded only to be encoded back.
        byte[] body;
        try
        {
            body = await ReadBodyAsync(context.Request, context.RequestAborted);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            return;
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, CancellationToken.None);
        }

        if (OutageStatus is { } outage)
        {
            await WriteAsync(context, outage, ErrorBody(DefaultMessage(outage), field: null));
            return;
        }

        ScriptedResponse? scripted;
        lock (gate)
        {
            script.TryDequeue(out scripted);
        }

        if (scripted is not null)
        {
            await WriteAsync(context, scripted.Status, scripted.Body, scripted.Headers);
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= "Bearer ".Length)
        {
            await WriteAsync(context, 401, ErrorBody(DefaultMessage(401), field: null));
            return;
        }

        // SendGrid takes a mail/send body only when it is declared as JSON.
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType) || contentType.MediaType != "application/json")
        {
            await WriteAsync(context, 415, ErrorBody("Content-Type should be application/json.", field: null));
            return;
        }

        if (IsOverRateLimit(out var retryAfterSeconds))
        {
            var headers = new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture) };
            await WriteAsync(context, 429, ErrorBody(DefaultMessage(429), field: null), headers);
            return;
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            await WriteAsync(context, 400, ErrorBody("Bad Request", field: null));
            return;
        }

        using (json)
        {
            if (Validate(json.RootElement) is { } error)
            {
                await WriteAsync(context, 400, ErrorBody(error.Message, error.Field));
                return;
            }

            if (TakeHold() is { } hold)
            {
                hold.Reach(BatchIdOf(json.RootElement));
                if (!await hold.Decision)
                {
                    // SendGrid never got the whole request: nothing is recorded.
                    context.Abort();
                    return;
                }
            }

            Record(BatchIdOf(json.RootElement), body, context.Request.Headers.UserAgent.ToString());
        }

        context.Response.Headers["X-Message-Id"] = Guid.NewGuid().ToString("N")[..22];
        await WriteAsync(context, 202, body: null);
    }

    // Sized from Content-Length when there is one: a growing buffer would copy a 1,000-recipient
    // body several times over on the large-object heap, whose churn sets off full collections.
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length and <= int.MaxValue)
        {
            var body = new byte[length];
            await request.Body.ReadExactlyAsync(body, cancellationToken);
            return body;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private bool IsOverRateLimit(out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        if (RateLimitPerSecond is not { } limit)
        {
            return false;
        }

        var now = Environment.TickCount64;
        lock (gate)
        {
            if (now / 1000 != rateWindow)
            {
                rateWindow = now / 1000;
                rateWindowCount = 0;
            }

            if (rateWindowCount >= limit)
            {
                // Whole seconds, as SendGrid sends it; the window may end sooner, never later.
                retryAfterSeconds = 1;
                return true;
            }

            rateWindowCount++;
            return false;
        }
    }

    private HeldRequest? TakeHold()
    {
        lock (gate)
        {
            if (pendingHold is { } hold && batchIds.Count >= hold.AfterAcceptedRequests)
            {
                pendingHold = null;
                return hold;
            }

            return null;
        }
    }

    private static string? BatchIdOf(JsonElement root) =>
        root.TryGetProperty("custom_args", out var customArgs) ? Text(customArgs, "batchId") : null;

    private void Record(string? batchId, byte[] body, string userAgent)
    {
        lock (gate)
        {
            batchIds.Add(batchId);
            lastAcceptedBody = body;
            lastAcceptedUserAgent = userAgent;
            unindexed.Add((body, DateTimeOffset.UtcNow));
        }
    }

    private void IndexLocked()
    {
        foreach (var (body, acceptedAt) in unindexed)
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var batchId = BatchIdOf(root);
            var first = accepted.Count;
            foreach (var personalization in root.GetProperty("personalizations").EnumerateArray())
            {
                var substitutions = StringMap(personalization, "substitutions");
                var templateData = StringMap(personalization, "dynamic_template_data");
                foreach (var to in personalization.GetProperty("to").EnumerateArray())
                {
                    accepted.Add(new SendGridStandInRecipient(Text(to, "email")!, Text(to, "name"), batchId, substitutions, templateData));
                }
            }

            var subject = Text(root, "subject");
            var from = root.TryGetProperty("from", out var sender) ? Text(sender, "email") : null;
            var customArgs = StringMap(root, "custom_args");
            for (var i = first; i < accepted.Count; i++)
            {
                var recipient = accepted[i];
                counts[recipient.Email] = counts.GetValueOrDefault(recipient.Email) + 1;
                activity.Add(new ActivityMessage(Guid.NewGuid().ToString("N"), recipient.Email, from, subject, customArgs, acceptedAt));
            }
        }

        unindexed.Clear();
    }

    /// <summary>The Email Activity API: the stored messages matching one query, as SendGrid shapes them.</summary>
    private async Task HandleActivityAsync(HttpContext context)
    {
        Interlocked.Increment(ref activityRequests);
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= "Bearer ".Length)
        {
            await WriteAsync(context, 401, ErrorBody(DefaultMessage(401), field: null));
            return;
        }

        if (!EmailActivityAddOn)
        {
            await WriteAsync(context, 403, ErrorBody("access forbidden", field: null));
            return;
        }

        if (IsOverActivityRateLimit(out var resetAt))
        {
            var headers = new Dictionary<string, string>
            {
                ["X-RateLimit-Limit"] = ActivityRequestsPerMinute!.Value.ToString(CultureInfo.InvariantCulture),
                ["X-RateLimit-Remaining"] = "0",
                ["X-RateLimit-Reset"] = resetAt.ToString(CultureInfo.InvariantCulture),
            };
            await WriteAsync(context, 429, ErrorBody(DefaultMessage(429), field: null), headers);
            return;
        }

        if (!int.TryParse(context.Request.Query["limit"].ToString() is { Length: > 0 } l ? l : "10", NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            || limit is < 1 or > MaxActivityLimit)
        {
            await WriteAsync(context, 400, ErrorBody("limit must be between 1 and 1000", field: "limit"));
            return;
        }

        if (ActivityFilter.Parse(context.Request.Query["query"].ToString()) is not { } filter)
        {
            await WriteAsync(context, 400, ErrorBody("invalid query", field: "query"));
            return;
        }

        var visibleBefore = DateTimeOffset.UtcNow - ActivityLag;
        object[] messages;
        lock (gate)
        {
            IndexLocked();
            messages = activity
                .Where(m => m.AcceptedAt <= visibleBefore && filter.Matches(m))
                .Take(limit)
                .Select(m => (object)new
                {
                    from_email = m.From,
                    msg_id = m.Id,
                    subject = m.Subject,
                    to_email = m.To,
                    status = "processed",
                    opens_count = 0,
                    clicks_count = 0,
                    last_event_time = m.AcceptedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                })
                .ToArray();
        }

        await WriteAsync(context, 200, JsonSerializer.Serialize(new { messages }));
    }

    private bool IsOverActivityRateLimit(out long resetAt)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        resetAt = (now / 60 * 60) + 60;
        if (ActivityRequestsPerMinute is not { } limit)
        {
            return false;
        }

        lock (gate)
        {
            if (now / 60 != activityWindow)
            {
                activityWindow = now / 60;
                activityWindowCount = 0;
            }

            if (activityWindowCount >= limit)
            {
                return true;
            }

            activityWindowCount++;
            return false;
        }
    }

    private sealed record ActivityMessage(string Id, string To, string? From, string? Subject, IReadOnlyDictionary<string, string> UniqueArgs, DateTimeOffset AcceptedAt);

    /// <summary>One clause of the Email Activity query language: <c>unique_args['name']="value"</c> or <c>to_email="value"</c>.</summary>
    private sealed record ActivityFilter(string? UniqueArg, string Value)
    {
        private const string UniqueArgsStart = "unique_args['";

        public static ActivityFilter? Parse(string query)
        {
            var (name, rest) = query.StartsWith(UniqueArgsStart, StringComparison.Ordinal) && query.IndexOf("']=", StringComparison.Ordinal) is var end and > 0
                ? (query[UniqueArgsStart.Length..end], query[(end + 3)..])
                : query.StartsWith("to_email=", StringComparison.Ordinal) ? (null, query["to_email=".Length..]) : ((string?)"", string.Empty);
            if (name == string.Empty || rest.Length < 2 || rest[0] != '"' || rest[^1] != '"')
            {
                return null;
            }

            return new ActivityFilter(name, rest[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal));
        }

        public bool Matches(ActivityMessage message) =>
            UniqueArg is null
                ? string.Equals(message.To, Value, StringComparison.OrdinalIgnoreCase)
                : message.UniqueArgs.TryGetValue(UniqueArg, out var value) && value == Value;
    }

    private sealed record ScriptedResponse(int Status, string? Body, IReadOnlyDictionary<string, string>? Headers);
}
