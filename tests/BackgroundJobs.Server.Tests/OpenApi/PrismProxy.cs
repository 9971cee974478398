using System.Net;
using System.Net.Sockets;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Server.Tests.OpenApi;

/// <summary>
/// <c>prism proxy --errors</c> (npm <c>@stoplight/prism-cli</c>) in front of a real server: it forwards each
/// request and checks it, and the server's answer, against the OpenAPI document. A request the document
/// does not allow is answered by Prism itself (no <c>Server: Kestrel</c>); a response that breaks the
/// document is reported in an <c>sl-violations</c> header (or replaced by Prism's error).
/// </summary>
internal sealed class PrismProxy : IDisposable
{
    private readonly ChildProcess process;

    private PrismProxy(ChildProcess process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<string> Output => process.Output;

    public static async Task<PrismProxy> StartAsync(string documentPath, Uri upstream)
    {
        var port = FreePort();
        var process = NodeTools.Start("prism", ["proxy", documentPath, upstream.GetLeftPart(UriPartial.Authority), "--errors", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var proxy = new PrismProxy(process, new Uri($"http://127.0.0.1:{port}"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!process.Output.Any(l => l.Contains("Prism is listening", StringComparison.Ordinal)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var output = string.Join('\n', process.Output);
                proxy.Dispose();
                throw new InvalidOperationException($"prism proxy did not start:\n{output}");
            }

            await Task.Delay(200);
        }

        return proxy;
    }

    public void Dispose() => process.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
