using System.Net;

namespace BackgroundJobs.Infrastructure.Webhooks;

/// <summary>
/// Addresses a webhook must not reach unless private networks are allowed: loopback, the private
/// ranges, link-local (which holds the cloud metadata endpoint 169.254.169.254), shared and reserved
/// space, and multicast, in IPv4 and IPv6 (IPv4-mapped IPv6 is judged as the IPv4 it carries).
/// </summary>
public static class NetworkRules
{
    private static readonly IPNetwork[] NonPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    public static bool IsNonPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var effective = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return NonPublic.Any(network => network.Contains(effective));
    }
}
