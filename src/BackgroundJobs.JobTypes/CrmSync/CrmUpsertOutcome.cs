namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>How a batch upsert request went as a whole.</summary>
public enum CrmUpsertOutcome
{
    /// <summary>The CRM answered per record (each may still have failed).</summary>
    Answered,

    /// <summary>429, 5xx, a timeout or no connection: another attempt may succeed.</summary>
    Transient,

    /// <summary>Any other 4xx: the CRM refused the whole batch, and the same request will be refused again.</summary>
    Rejected,
}
