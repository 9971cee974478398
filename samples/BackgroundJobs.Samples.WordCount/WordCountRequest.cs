using BackgroundJobs.Core.Notifications;

namespace BackgroundJobs.Samples.WordCount;

/// <summary>
/// What a client posts to <c>POST /api/jobs/word-count</c>. <see cref="IJobRequest"/> brings the
/// fields every job takes: a webhook <see cref="Callback"/>, a <see cref="NotifyEmail"/> address, and
/// a delayed start (<see cref="RunAt"/> or <see cref="DelaySeconds"/>).
/// </summary>
public sealed record WordCountRequest : IJobRequest
{
    /// <summary>A UTF-8 text file, by the name <c>POST /api/uploads</c> returned (<c>uploads/...</c>).</summary>
    public string? Blob { get; init; }

    /// <summary>How many lines one activity counts; the default is <see cref="WordCountLimits.DefaultLinesPerChunk"/>.</summary>
    public int? LinesPerChunk { get; init; }

    public JobCallback? Callback { get; init; }

    public string? NotifyEmail { get; init; }

    public string? RunAt { get; init; }

    public int? DelaySeconds { get; init; }
}
