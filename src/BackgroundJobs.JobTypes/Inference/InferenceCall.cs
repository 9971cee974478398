namespace BackgroundJobs.JobTypes.Inference;

/// <summary>One model request: a chat completion over <see cref="Messages"/>, or an embedding of <see cref="Input"/>.</summary>
public sealed record InferenceCall(
    string Mode,
    string Model,
    IReadOnlyList<InferenceMessage>? Messages = null,
    string? Input = null,
    int? MaxTokens = null,
    double? Temperature = null);
