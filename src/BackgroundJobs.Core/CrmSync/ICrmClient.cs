namespace BackgroundJobs.Core.CrmSync;

/// <summary>
/// The CRM's batch upsert by external id (see the README's CRM contract). Implementations pace
/// themselves to the CRM's rate limit and classify every answer into a <see cref="CrmUpsertResult"/>.
/// </summary>
public interface ICrmClient
{
    Task<CrmUpsertResult> UpsertAsync(IReadOnlyList<CrmContact> contacts, CancellationToken cancellationToken = default);
}
