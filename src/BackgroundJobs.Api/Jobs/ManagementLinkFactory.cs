namespace BackgroundJobs.Api.Jobs;

/// <summary>Builds the management URLs of an instance for the current request; each host supplies its own.</summary>
public delegate JobManagementLinks ManagementLinkFactory(string instanceId);
