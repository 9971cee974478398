using BackgroundJobs.Core.Notifications;

namespace BackgroundJobs.Samples.WordCount;

/// <summary>
/// What a client posts to <c>POST /api/jobs/word-count</c>. <see cref="IJobRequest"/> brings the two
/// fields every job takes: a webhook <see cref="Callback"/> and a <see cref="NotifyEmail"/> address.
/// </summary>
public sealed record WordCountRequest : IJobRequest
{
    /// <summary>A UTF-8 text file, by the name <c>POST /api/uploads</c> returned (<c>uploads/...</c>).</summary>
    public string? Blob { get; init; }

    /// <summary>How many lines one activity counts; the default is <see cref="WordCountLimits.DefaultLinesPerChunk"/>.</summary>
    public int? LinesPerChunk { get; init; }

    public JobCallback? Callback { get; init; }

    public string? NotifyEmail { get; init; }
}
