namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>One record that did not reach the CRM or that the CRM refused, with the file line it came from.</summary>
public sealed record CrmRecordError(long Line, string? ExternalId, string Error);
