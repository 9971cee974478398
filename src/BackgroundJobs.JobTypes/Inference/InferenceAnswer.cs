using System.Text.Json;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// The classified answer to one model request. <see cref="Output"/> is the completion's text (chat)
/// or the vector (embeddings); <see cref="RetryAfter"/> is the provider's <c>Retry-After</c> on a transient answer.
/// </summary>
public sealed record InferenceAnswer(
    InferenceAnswerOutcome Outcome,
    JsonElement? Output = null,
    string? FinishReason = null,
    InferenceUsage? Usage = null,
    int? StatusCode = null,
    string? Error = null,
    TimeSpan? RetryAfter = null);
