namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>The CRM's answer for one record of a batch, with its reason when it failed.</summary>
public sealed record CrmRecordResult(string ExternalId, CrmRecordStatus Status, string? Error = null);
