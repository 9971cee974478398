namespace BackgroundJobs.Core.BulkEmail;

public sealed record FailedEmailBatch(int Index, int Recipients, string Reason, int? StatusCode = null);
