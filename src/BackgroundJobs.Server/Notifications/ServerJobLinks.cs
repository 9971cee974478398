using BackgroundJobs.Api.Notifications;
using BackgroundJobs.Core.Notifications;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BackgroundJobs.Server.Notifications;

/// <summary>
/// Event links for the server: <c>Notifications:PublicBaseUrl</c> when set (behind a proxy or load
/// balancer it must be), else the first address Kestrel listens on.
/// </summary>
internal static class ServerJobLinks
{
    public static IJobLinks Create(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var server = services.GetRequiredService<IServer>();
        return new ConfiguredJobLinks(() =>
            configuration[ConfiguredJobLinks.PublicBaseUrlSetting] is { Length: > 0 } configured
                ? configured
                : Reachable(server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()));
    }

    // "http://+:80", "http://*:80", "http://0.0.0.0:80" and "http://[::]:80" listen everywhere; localhost reaches them.
    private static string? Reachable(string? address)
    {
        if (address is null || !Uri.TryCreate(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return null;
        }

        return uri.Host is "0.0.0.0" or "[::]" ? new UriBuilder(uri) { Host = "localhost" }.Uri.GetLeftPart(UriPartial.Authority) : uri.GetLeftPart(UriPartial.Authority);
    }
}
