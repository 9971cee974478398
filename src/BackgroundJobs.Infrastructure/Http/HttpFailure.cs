using System.Net.Sockets;

namespace BackgroundJobs.Infrastructure.Http;

/// <summary>
/// Tells a failed HTTP call whose request provably never reached the server (safe to send again)
/// from one whose request may have been read and acted on (outcome unknown). Only a failure while
/// connecting proves it: the name did not resolve, the connection was refused or unreachable, the
/// TLS handshake or the proxy tunnel failed. A reset or an early end once connected, a protocol
/// error, or anything not recognised may come after the server took the request.
/// </summary>
public static class HttpFailure
{
    public static bool RequestNeverLeft(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            // SocketsHttpHandler names the failure; a handler that does not (Unknown) may still carry the socket's error.
            if (current is HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http)
            {
                return http.HttpRequestError is HttpRequestError.NameResolutionError
                    or HttpRequestError.ConnectionError
                    or HttpRequestError.SecureConnectionError
                    or HttpRequestError.ProxyTunnelError;
            }

            if (current is SocketException socket)
            {
                return socket.SocketErrorCode is SocketError.ConnectionRefused
                    or SocketError.HostNotFound
                    or SocketError.TryAgain
                    or SocketError.NoData
                    or SocketError.HostUnreachable
                    or SocketError.NetworkUnreachable
                    or SocketError.AddressNotAvailable;
            }
        }

        return false;
    }
}
