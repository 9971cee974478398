namespace BackgroundJobs.Core.Notifications;

/// <summary>The public URLs of a job, for events that leave the system (a webhook has no request to take a host from).</summary>
public interface IJobLinks
{
    /// <summary>Null when the host does not know its public address.</summary>
    JobEventLinks? LinksFor(string jobId);
}
