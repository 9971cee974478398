using System.Net.Sockets;
using BackgroundJobs.Core.Notifications;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Infrastructure.Webhooks;

/// <summary>
/// The webhook client's connect step: it resolves the host itself and refuses to open a connection to
/// a non-public address. This is the check that counts, because it judges the address actually used,
/// after any DNS change since the URL was accepted.
/// </summary>
public static class GuardedConnection
{
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Create(IOptions<WebhookOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = await CallbackUrlGuard.ResolveAsync(host, cancellationToken);
            if (addresses.Length == 0)
            {
                throw new CallbackAddressRefusedException($"The host '{host}' does not resolve.");
            }

            if (!options.Value.AllowPrivateNetworks && addresses.FirstOrDefault(NetworkRules.IsNonPublic) is { } blocked)
            {
                throw new CallbackAddressRefusedException(
                    $"The host '{host}' resolves to {blocked}, a loopback, private, link-local or metadata address; not connecting.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
    }
}

/// <summary>A webhook connection refused because of where it would go.</summary>
public sealed class CallbackAddressRefusedException : Exception
{
    public CallbackAddressRefusedException()
    {
    }

    public CallbackAddressRefusedException(string message)
        : base(message)
    {
    }

    public CallbackAddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
