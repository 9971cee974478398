namespace BackgroundJobs.Client.Jobs;

/// <summary>One result file of a job and its download link (a SAS URL, or the API's proxied route).</summary>
public sealed record JobResultFile(string Name, Uri Url);
