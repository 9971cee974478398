namespace BackgroundJobs.Api.Jobs;

public sealed record JobError(string Type, string Message);
