namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// The CRM's batch upsert by external id (see the CRM contract in docs/jobs/crm-sync.md). Implementations pace
/// themselves to the CRM's rate limit and classify every answer into a <see cref="CrmUpsertResult"/>.
/// </summary>
public interface ICrmClient
{
    Task<CrmUpsertResult> UpsertAsync(IReadOnlyList<CrmContact> contacts, CancellationToken cancellationToken = default);
}
