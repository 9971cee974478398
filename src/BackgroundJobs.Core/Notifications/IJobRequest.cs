namespace BackgroundJobs.Core.Notifications;

/// <summary>
/// What every job's request carries besides its own work: whom to tell when it ends. Every job
/// orchestrator's input implements it, so <see cref="Jobs.JobOrchestrator{TInput, TOutput}"/> can
/// notify for any job type.
/// </summary>
public interface IJobRequest
{
    /// <summary>A client URL that receives signed webhooks for the job's events.</summary>
    JobCallback? Callback { get; }

    /// <summary>An address that gets a short e-mail when the job ends.</summary>
    string? NotifyEmail { get; }

    /// <summary>
    /// When to start the job: an ISO 8601 time with <c>Z</c> or an offset (see docs/schedules.md#delayed-start).
    /// The start route checks it and stores it in UTC; the orchestrator waits for it on a durable timer.
    /// A request type takes it by declaring <c>public string? RunAt { get; init; }</c> (all built-in
    /// types do); one that does not answers a delayed start with 400.
    /// </summary>
    string? RunAt => null;

    /// <summary>Start this many seconds after the request instead; the start route turns it into <see cref="RunAt"/>.</summary>
    int? DelaySeconds => null;
}

/// <summary><c>callback: { url, events }</c> on a job request; events default to the three endings.</summary>
public sealed record JobCallback
{
    public string? Url { get; init; }

    public IReadOnlyList<string>? Events { get; init; }

    public bool Wants(string eventType) =>
        (Events is { Count: > 0 } events ? events : JobEventTypes.Endings).Contains(eventType, StringComparer.Ordinal);
}
