using BackgroundJobs.Core.Notifications;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// The body of <c>POST /api/jobs/inference</c>, and once validated the orchestration's input: an
/// uploaded JSON-lines file, one item per line, run through an OpenAI-compatible model. Never
/// holds the API key: that stays in the host's configuration (<c>Inference:ApiKey</c>).
/// </summary>
public sealed record InferenceRequest : IJobRequest
{
    /// <summary>A <c>.jsonl</c> name returned by <c>POST /api/uploads</c>.</summary>
    public string? Blob { get; init; }

    /// <summary><see cref="InferenceModes.Chat"/> or <see cref="InferenceModes.Embeddings"/>.</summary>
    public string? Mode { get; init; }

    /// <summary>The model to call; left out, <c>Inference:Model</c>.</summary>
    public string? Model { get; init; }

    /// <summary>Chat only: a system message put before every item's messages.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Chat only: applied to an item's <c>prompt</c>, which replaces <c>{{prompt}}</c>.</summary>
    public string? PromptTemplate { get; init; }

    /// <summary>Chat only: the most tokens a completion may have.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Chat only: sampling temperature, 0-2.</summary>
    public double? Temperature { get; init; }

    /// <summary>The most model requests of this job in flight at once; left out, <c>Inference:MaxConcurrency</c>.</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>Items handled by one activity (a chunk); more when the file would need too many chunks.</summary>
    public int? ItemsPerChunk { get; init; }

    /// <summary>
    /// <see cref="Core.Jobs.UnknownOutcome.Skip"/> (left out: an item whose call may have reached the model
    /// without an answer is not sent again, since a call costs money) or <see cref="Core.Jobs.UnknownOutcome.Resend"/>.
    /// </summary>
    public string? OnUnknownOutcome { get; init; }

    public JobCallback? Callback { get; init; }

    public string? NotifyEmail { get; init; }

    public string? RunAt { get; init; }

    public int? DelaySeconds { get; init; }
}
