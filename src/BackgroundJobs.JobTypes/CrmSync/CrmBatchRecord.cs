namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>A contact in a stored batch, with its line in the source file for the error report.</summary>
public sealed record CrmBatchRecord(long Line, CrmContact Contact);
