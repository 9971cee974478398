using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>Stands in when <c>Crm:BaseUrl</c> is unset: a sync fails at its first batch, saying which setting is missing.</summary>
internal sealed class NotConfiguredCrmClient : ICrmClient
{
    public Task<CrmUpsertResult> UpsertAsync(IReadOnlyList<CrmContact> contacts, CancellationToken cancellationToken = default) =>
        throw new InvalidJobInputException("No CRM is configured: set Crm:BaseUrl and Crm:ApiKey.");
}
