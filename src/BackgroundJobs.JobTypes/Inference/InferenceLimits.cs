using BackgroundJobs.Core.Retry;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>Defaults and hard limits of an inference job, stated in docs/jobs/inference.md.</summary>
public static class InferenceLimits
{
    /// <summary>The largest file a job takes (checked at the door).</summary>
    public const long MaxFileBytes = 50L * 1024 * 1024;

    /// <summary>A longer line fails as one item, without being buffered (the CRM sync's limit too).</summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>The most items (non-blank lines) of one job; a longer file fails the job before any model call.</summary>
    public const int MaxItems = 50_000;

    public const int DefaultItemsPerChunk = 50;

    public const int MaxItemsPerChunk = 1_000;

    /// <summary>
    /// The most chunk activities of one job: a larger file gets larger chunks, so the orchestration's
    /// history stays at a few hundred events.
    /// </summary>
    public const int MaxChunks = 200;

    /// <summary>Chunks of one job in flight at once; the job's concurrency is shared out among them.</summary>
    public const int ChunksInFlight = 2;

    public const int MaxConcurrency = 32;

    public const int MaxPromptChars = 32 * 1024;

    public const int MaxModelLength = 128;

    public const int MaxOutputTokens = 32_768;

    /// <summary>
    /// Retries of one chunk: each attempt sends only the items not answered yet, so every attempt
    /// makes progress; a little more than the default policy, since a rate-limited chunk needs a few.
    /// </summary>
    public static BackoffPolicy ChunkRetry { get; } = new(10, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), TimeSpan.FromHours(1));

    /// <summary>A model name as providers spell them: letters, digits and <c>. _ - : /</c> (<c>gpt-4o-mini</c>, <c>org/model:tag</c>).</summary>
    public static bool IsValidModelName(string? model) =>
        model is { Length: > 0 and <= MaxModelLength }
        && char.IsAsciiLetterOrDigit(model[0])
        && model.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '/');

    /// <summary>The job's concurrency shared out: chunks in flight × requests per chunk never exceeds it.</summary>
    public static (int ChunksInFlight, int RequestsPerChunk) Share(int maxConcurrency)
    {
        var chunks = Math.Clamp(maxConcurrency, 1, ChunksInFlight);
        return (chunks, Math.Max(1, maxConcurrency / chunks));
    }
}
