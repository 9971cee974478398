namespace BackgroundJobs.JobTypes.HttpCall;

/// <summary>
/// The endpoint's answer as stored in <c>results/{jobId}/{runId}/answer.json</c>. The body is text
/// when the answer says it is (JSON, XML, text/*) and base64 otherwise; only one of the two is set.
/// </summary>
/// <param name="Headers">Response and content headers by name, each with its values; <c>Set-Cookie</c> is left out.</param>
/// <param name="BodyTruncated">The body was longer than <see cref="HttpCallLimits.MaxResponseBodyBytes"/> and is cut there.</param>
public sealed record HttpCallAnswer(
    int Status,
    string? Reason,
    IReadOnlyDictionary<string, string[]> Headers,
    string? Body,
    string? BodyBase64,
    long BodyBytes,
    bool BodyTruncated,
    DateTimeOffset ReceivedAt);
