namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// What every item of one job is sent with, resolved once (the model defaulted from configuration)
/// and stored in the run's working blobs, so the chunk activities' inputs stay small.
/// </summary>
/// <param name="OnUnknownOutcome">The job's <see cref="Core.Jobs.UnknownOutcome"/> choice; null is skip.</param>
public sealed record InferenceSettings(
    string Mode,
    string Model,
    string? SystemPrompt = null,
    string? PromptTemplate = null,
    int? MaxTokens = null,
    double? Temperature = null,
    string? OnUnknownOutcome = null);
