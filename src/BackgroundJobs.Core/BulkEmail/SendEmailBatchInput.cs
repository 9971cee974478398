namespace BackgroundJobs.Core.BulkEmail;

public sealed record SendEmailBatchInput(string JobId, int Index);
