namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>What the CRM did with one record of a batch upsert.</summary>
public enum CrmRecordStatus
{
    Created,
    Updated,
    Failed,
}
