using System.Net.Sockets;
using System.Text;

namespace BackgroundJobs.Server.Tests.Http;

/// <summary>
/// HTTP/1.1 over a plain socket, for what <see cref="HttpClient"/> will not do: send a body that
/// stops short of its <c>Content-Length</c> or never ends its chunks, half-close, or reset.
/// </summary>
public sealed class RawHttpConnection : IDisposable
{
    private readonly Socket socket;

    private RawHttpConnection(Socket socket) => this.socket = socket;

    public static async Task<RawHttpConnection> OpenAsync(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server.Host, server.Port);
        return new RawHttpConnection(socket);
    }

    public async Task SendAsync(string text) => await socket.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None);

    /// <summary>Ends what the client sends (TCP FIN) while it can still read the answer.</summary>
    public void HalfClose() => socket.Shutdown(SocketShutdown.Send);

    /// <summary>Drops the connection with a TCP RST, as a client that crashes or loses its network does.</summary>
    public void Reset()
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    /// <summary>Everything the server sends until it closes the connection, or null if it sends nothing before <paramref name="timeout"/>.</summary>
    public async Task<RawHttpResponse?> ReadResponseAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token)) > 0)
            {
                received.Write(buffer, 0, read);
                if (RawHttpResponse.TryParse(Encoding.UTF8.GetString(received.ToArray()), out var complete))
                {
                    return complete;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        return RawHttpResponse.TryParse(Encoding.UTF8.GetString(received.ToArray()), out var response) ? response : null;
    }

    public void Dispose() => socket.Dispose();
}
