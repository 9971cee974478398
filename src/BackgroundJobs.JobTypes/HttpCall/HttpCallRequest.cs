using System.Text.Json.Serialization;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;

namespace BackgroundJobs.JobTypes.HttpCall;

/// <summary>
/// The body of <c>POST /api/jobs/http-call</c>, and once validated the orchestration's input: one
/// HTTP request to an endpoint of the client's, sent until it answers within <see cref="ExpectedStatus"/>
/// or its attempts run out.
/// </summary>
public sealed record HttpCallRequest : IStoredJobRequest
{
    /// <summary>An absolute https URL that resolves to a public address.</summary>
    public string? Url { get; init; }

    /// <summary>GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS; left out, POST.</summary>
    public string? Method { get; init; }

    /// <summary>Headers sent as they are, and shown back in the job view.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>
    /// Headers that carry a credential (Authorization, Cookie, an API key): sent like <see cref="Headers"/>,
    /// never logged, and shown back only as <c>[redacted]</c> (the job view hides any key that names a secret).
    /// </summary>
    public IReadOnlyDictionary<string, string>? SecretHeaders { get; init; }

    /// <summary>The request body as text (UTF-8), at most <see cref="HttpCallLimits.MaxBodyBytes"/> bytes.</summary>
    public string? Body { get; init; }

    /// <summary>The statuses that complete the job; left out, 200-299.</summary>
    public HttpStatusRange? ExpectedStatus { get; init; }

    /// <summary>How long one attempt may wait for the whole answer; left out, <see cref="HttpCallLimits.DefaultTimeoutSeconds"/>.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Attempts in all, the first included; left out, <see cref="HttpCallLimits.DefaultMaxAttempts"/>.</summary>
    public int? MaxAttempts { get; init; }

    public JobCallback? Callback { get; init; }

    public string? NotifyEmail { get; init; }

    public string? RunAt { get; init; }

    public int? DelaySeconds { get; init; }

    public string? RequestBlob { get; init; }

    [JsonIgnore]
    public string EffectiveMethod => Method?.ToUpperInvariant() ?? "POST";

    [JsonIgnore]
    public HttpStatusRange EffectiveExpectedStatus => ExpectedStatus ?? HttpStatusRange.Success;

    /// <summary>The body is what makes a request large; only the call activity reads it.</summary>
    public IJobRequest ByReference(string requestBlob) => this with { Body = null, RequestBlob = requestBlob };
}
