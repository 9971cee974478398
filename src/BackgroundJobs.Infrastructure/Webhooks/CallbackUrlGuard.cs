using System.Net;
using System.Net.Sockets;
using BackgroundJobs.Core.Notifications;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Infrastructure.Webhooks;

/// <summary>
/// <see cref="ICallbackUrlGuard"/> by the URL's scheme and the addresses its host resolves to now.
/// Delivery also checks the address it actually connects to (<see cref="GuardedConnection"/>), so a
/// name that resolves differently a moment later is caught too.
/// </summary>
public sealed class CallbackUrlGuard(IOptions<WebhookOptions> options) : ICallbackUrlGuard
{
    public const int MaxUrlLength = 2048;

    public async Task<string?> CheckAsync(string url, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return $"must be an absolute https URL of at most {MaxUrlLength} characters.";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !settings.AllowHttp)
        {
            return "must use https (plain http needs Webhooks:AllowHttp on the server).";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "must not carry a user name or password.";
        }

        if (settings.AllowPrivateNetworks)
        {
            return null;
        }

        var addresses = await ResolveAsync(uri.DnsSafeHost, cancellationToken);
        if (addresses.Length == 0)
        {
            return $"the host '{uri.DnsSafeHost}' does not resolve.";
        }

        return addresses.FirstOrDefault(NetworkRules.IsNonPublic) is { } blocked
            ? $"the host '{uri.DnsSafeHost}' resolves to {blocked}, a loopback, private, link-local or metadata address (allowed only with Webhooks:AllowPrivateNetworks)."
            : null;
    }

    internal static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException)
        {
            return [];
        }
    }
}
