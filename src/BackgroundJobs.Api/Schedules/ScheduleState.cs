namespace BackgroundJobs.Api.Schedules;

/// <summary>
/// What a schedule has done, stored apart from its definition (<c>schedules/state/{name}.json</c>) so
/// that a run never changes the definition's ETag under a client that is editing it.
/// </summary>
/// <param name="LastOccurrence">The last occurrence handled (started, skipped or refused); occurrences after it are due.</param>
/// <param name="LastJobId">The job the schedule last started, which <c>overlap: skip</c> waits for.</param>
public sealed record ScheduleState(DateTimeOffset? LastOccurrence, string? LastJobId, IReadOnlyList<ScheduleOccurrence> Outcomes)
{
    public const int KeptOutcomes = 20;

    public static ScheduleState Empty { get; } = new(null, null, []);

    public ScheduleState With(ScheduleOccurrence outcome, bool advances) => new(
        advances && (LastOccurrence is null || outcome.Occurrence > LastOccurrence) ? outcome.Occurrence : LastOccurrence,
        outcome.Outcome == ScheduleOutcome.Started ? outcome.JobId : LastJobId,
        [outcome, .. Outcomes.Take(KeptOutcomes - 1)]);
}

/// <summary>One occurrence's outcome, newest first in <see cref="ScheduleState.Outcomes"/>.</summary>
/// <param name="JobId">The job it started, or for a skip the job still going.</param>
public sealed record ScheduleOccurrence(DateTimeOffset Occurrence, DateTimeOffset At, ScheduleOutcome Outcome, string? JobId, string Message);
