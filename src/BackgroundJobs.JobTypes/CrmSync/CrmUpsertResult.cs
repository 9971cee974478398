namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>A batch upsert's answer, classified; never thrown, so the activity decides what to retry.</summary>
public sealed record CrmUpsertResult(
    CrmUpsertOutcome Outcome,
    IReadOnlyList<CrmRecordResult> Records,
    int? StatusCode = null,
    string? Error = null,
    TimeSpan? RetryAfter = null);
