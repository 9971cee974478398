namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// One contact as the CRM's batch upsert takes it, keyed by <see cref="ExternalId"/>. Columns or
/// properties other than the named ones travel in <see cref="Fields"/>.
/// </summary>
public sealed record CrmContact(
    string ExternalId,
    string? Email = null,
    string? FirstName = null,
    string? LastName = null,
    string? Phone = null,
    string? Company = null,
    IReadOnlyDictionary<string, string>? Fields = null);
