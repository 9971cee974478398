namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>What became of one batch's records; the failed ones are listed in the batch's error blob.</summary>
public sealed record CrmBatchOutcome(int Records, int Created, int Updated, int Failed);
