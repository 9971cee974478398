namespace BackgroundJobs.Api.ResultFiles;

/// <summary>One downloadable result of a job: its blob name and a URL to fetch it.</summary>
public sealed record JobResultFile(string Name, string Url);
