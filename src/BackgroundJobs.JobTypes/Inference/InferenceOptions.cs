using BackgroundJobs.Core.Configuration;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// The OpenAI-compatible endpoint (section <c>Inference</c>), read by the client and by the
/// activities (default model and concurrency). The key is only ever read by the client.
/// </summary>
public sealed class InferenceOptions
{
    public const string SectionName = "Inference";

    /// <summary>The API root, such as <c>https://api.openai.com/v1</c>; <c>chat/completions</c> and <c>embeddings</c> are appended.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer</c>; never logged, never in a job's input.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model a job uses when its request names none.</summary>
    public string? Model { get; set; }

    /// <summary>The provider's rate limit: one token bucket per process, shared by every job.</summary>
    public double RequestsPerSecond { get; set; } = 5;

    /// <summary>A job's model requests in flight at once when its request does not say.</summary>
    [OptionalSetting("Has a default (4); a job may ask for 1-32.")]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How long one model request may take before it counts as a transient failure.</summary>
    [OptionalSetting("Has a default (60 s); raise it only for a slow model.")]
    public int TimeoutSeconds { get; set; } = 60;
}
