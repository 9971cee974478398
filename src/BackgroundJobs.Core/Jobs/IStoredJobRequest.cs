using BackgroundJobs.Core.Notifications;

namespace BackgroundJobs.Core.Jobs;

/// <summary>
/// A job request that can be large (a bulk e-mail's inline recipients and HTML: up to 1 MB). An
/// orchestration's input is kept with its instance, read on every replay and status read, and a
/// large one becomes a separate large-message blob on Azure Storage; so above
/// <see cref="InlineLimitBytes"/> the starter stores the validated request once as
/// <c>jobs/{id}/request.json</c> and schedules <see cref="ByReference"/> instead. That keeps what
/// the orchestrator itself reads (callback, notifyEmail, options); the activity that needs the rest
/// reads the request back from <see cref="RequestBlob"/>.
/// </summary>
public interface IStoredJobRequest : IJobRequest
{
    /// <summary>Serialized inputs up to this size stay inline.</summary>
    const int InlineLimitBytes = 16 * 1024;

    /// <summary>Where the whole request is stored; set by the starter only, never by a client.</summary>
    string? RequestBlob { get; }

    /// <summary>This request without its large parts, pointing at <paramref name="requestBlob"/>.</summary>
    IJobRequest ByReference(string requestBlob);
}
