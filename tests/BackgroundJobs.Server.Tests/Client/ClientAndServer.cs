using BackgroundJobs.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Server.Tests.Client;

/// <summary>
/// The real server on Kestrel and a <see cref="BackgroundJobsClient"/> resolved from DI as an
/// application would register it (<c>AddBackgroundJobsClient</c>, IHttpClientFactory), with the server's key.
/// </summary>
public sealed class ClientAndServer : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private ClientAndServer(ServerHost server, ServiceProvider services)
    {
        Server = server;
        this.services = services;
        Jobs = services.GetRequiredService<BackgroundJobsClient>();
    }

    public ServerHost Server { get; }

    public BackgroundJobsClient Jobs { get; }

    public static async Task<ClientAndServer> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var server = await ServerHost.StartAsync(settings);
        return new ClientAndServer(server, ClientServices(server.BaseAddress, ServerHost.ApiKey));
    }

    /// <summary>A client of its own, e.g. with another key.</summary>
    public static ServiceProvider ClientServices(Uri baseAddress, string apiKey) =>
        new ServiceCollection()
            .AddBackgroundJobsClient(o =>
            {
                o.BaseAddress = baseAddress;
                o.ApiKey = apiKey;
                o.InitialPollInterval = TimeSpan.FromMilliseconds(100);
                o.MaxPollInterval = TimeSpan.FromSeconds(1);
            })
            .Services
            .BuildServiceProvider();

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
