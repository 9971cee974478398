namespace BackgroundJobs.JobTypes.Inference;

/// <summary>Tokens a request used, as the provider's <c>usage</c> reports them (embeddings have no completion tokens).</summary>
public sealed record InferenceUsage(long PromptTokens, long CompletionTokens, long TotalTokens)
{
    public static InferenceUsage Zero { get; } = new(0, 0, 0);

    public InferenceUsage Add(InferenceUsage? other) =>
        other is null ? this : new(PromptTokens + other.PromptTokens, CompletionTokens + other.CompletionTokens, TotalTokens + other.TotalTokens);
}
