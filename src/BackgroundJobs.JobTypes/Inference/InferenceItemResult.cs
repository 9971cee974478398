using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// One line of <c>results.jsonl</c>: the item's index and line in the file, its <c>id</c>, and
/// either the output (text or vector) with the tokens it used, or the error (and the provider's status).
/// </summary>
public sealed record InferenceItemResult(
    int Index,
    long Line,
    string? Id = null,
    JsonElement? Output = null,
    string? FinishReason = null,
    InferenceUsage? Usage = null,
    string? Error = null,
    int? Status = null)
{
    [JsonIgnore]
    public bool Succeeded => Error is null;
}
