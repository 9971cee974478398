using System.Net;
using System.Net.Sockets;

namespace BackgroundJobs.TestHelpers;

/// <summary>Ports the operating system says are free now, for child processes that must be told their port up front.</summary>
public static class FreePort
{
    /// <summary>
    /// Binds port 0 on 127.0.0.1 and gives the port back. Another process could take it before the
    /// caller does; the ephemeral range is large, so on a test machine that is rare enough.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Whether something accepts connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsOpenAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
