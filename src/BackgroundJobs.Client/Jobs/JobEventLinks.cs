namespace BackgroundJobs.Client.Jobs;

/// <summary>Where the client reads the job an event is about.</summary>
public sealed record JobEventLinks(Uri Job, Uri StatusQueryGetUri);
