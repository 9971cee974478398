using Microsoft.Extensions.Configuration;

namespace BackgroundJobs.Api.Http;

/// <summary>
/// The configured public base URL of this host (<c>Notifications:PublicBaseUrl</c>), the one source
/// of every link the API writes into an answer when it is set: <c>Location</c>, <c>jobUri</c>, the
/// management URLs, retry and result-file links. Without it a link takes the request's own scheme and
/// host, which is only safe where the host name was checked first (<c>AllowedHosts</c>) or in
/// Development; the server refuses to start elsewhere, so a forged <c>Host</c> header never ends up
/// in a link a client follows.
/// </summary>
public sealed class PublicAddress(IConfiguration configuration)
{
    public const string Setting = Notifications.ConfiguredJobLinks.PublicBaseUrlSetting;

    private readonly string? baseUrl = Normalize(configuration[Setting]);

    /// <summary>The configured base without a trailing slash, or null when none is set.</summary>
    public string? BaseUrl => baseUrl;

    /// <summary>An absolute http or https URL without query or fragment, as the setting must be.</summary>
    public static bool IsValid(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo);

    private static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().TrimEnd('/');
}
