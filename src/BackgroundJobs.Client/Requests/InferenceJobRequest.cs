namespace BackgroundJobs.Client.Requests;

/// <summary>The body of <c>POST /api/jobs/inference</c> (docs/jobs/inference.md).</summary>
public sealed record InferenceJobRequest
{
    /// <summary>An uploaded <c>.jsonl</c> file, one item per line.</summary>
    public string? Blob { get; init; }

    /// <summary><c>chat</c> or <c>embeddings</c>.</summary>
    public string? Mode { get; init; }

    /// <summary>Left out: the host's <c>Inference:Model</c>.</summary>
    public string? Model { get; init; }

    public string? SystemPrompt { get; init; }

    public string? PromptTemplate { get; init; }

    public int? MaxTokens { get; init; }

    public double? Temperature { get; init; }

    public int? MaxConcurrency { get; init; }

    public int? ItemsPerChunk { get; init; }

    /// <summary><c>skip</c> (the default) or <c>resend</c>.</summary>
    public string? OnUnknownOutcome { get; init; }

    public JobCallback? Callback { get; init; }

    public string? NotifyEmail { get; init; }

    /// <summary>Start the job at this time instead of now (at most 30 days ahead); the job is <c>scheduled</c> until then.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>Start the job this many seconds from now instead (at most 30 days); give this or <see cref="RunAt"/>.</summary>
    public int? DelaySeconds { get; init; }
}
