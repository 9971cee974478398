namespace BackgroundJobs.Core.Storage;

/// <summary>
/// A blob store that can hand a client a direct, time-limited read URL (a SAS URL on Azure
/// Storage), so a download need not pass through the app. A store without it (the local folder)
/// is served through the proxied route <c>GET /api/jobs/{id}/results/{*name}</c>.
/// </summary>
public interface IBlobReadLinks
{
    /// <summary>A read-only URL valid until <paramref name="expiresOn"/>, or null when this store's credentials cannot sign one.</summary>
    Uri? TryCreateReadLink(string name, DateTimeOffset expiresOn);
}
