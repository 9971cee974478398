namespace BackgroundJobs.Core.BulkEmail;

public sealed record PrepareEmailBatchesInput(string JobId, BulkEmailRequest Request);
