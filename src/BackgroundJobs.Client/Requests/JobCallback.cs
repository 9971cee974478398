namespace BackgroundJobs.Client.Requests;

/// <summary>A URL that receives signed webhooks for the job's events (left out: the three endings).</summary>
public sealed record JobCallback(Uri Url, IReadOnlyList<string>? Events = null);
