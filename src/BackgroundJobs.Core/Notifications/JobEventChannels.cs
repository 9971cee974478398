using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Notifications;

/// <summary>
/// Whether anyone hears of a job's ending: its callback, its <c>notifyEmail</c>, or the host's bus,
/// which publishes every ending. A job nobody hears of starts no notification orchestration (a
/// quarter of the engine's work for a small job); its Server-Sent Events stream then tells the
/// ending from the job's own status.
/// </summary>
/// <param name="PublishesToBus">Set once from the host's configuration. A job orchestrator reads it
/// only in the episode that ends the job, which is never replayed, so a host restarted with another
/// setting cannot make an orchestration diverge from its history.</param>
public sealed record JobEventChannels(bool PublishesToBus)
{
    /// <summary>A host without a bus.</summary>
    public static JobEventChannels WithoutBus { get; } = new(PublishesToBus: false);

    public bool AnyoneHearsEnding(IJobRequest request, JobStatus status)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PublishesToBus
            || request.NotifyEmail is not null
            || request.Callback?.Wants(JobEventTypes.ForEnding(status)) == true;
    }
}
