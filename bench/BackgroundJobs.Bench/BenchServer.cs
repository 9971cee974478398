using BackgroundJobs.Client;
using BackgroundJobs.Server;
using BackgroundJobs.Server.Engine;
using BackgroundJobs.StandIns;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using BackgroundJobs.TestHelpers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Bench;

/// <summary>The real server on a Kestrel port, pointed at the SendGrid stand-in, on the engine under test.</summary>
internal sealed class BenchServer : IAsyncDisposable
{
    public const string ApiKey = "bench-key";

    private readonly WebApplication app;
    private readonly TempDirectory temp;

    private BenchServer(WebApplication app, TempDirectory temp)
    {
        this.app = app;
        this.temp = temp;
        var address = new Uri(app.Urls.First());
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
        Http.DefaultRequestHeaders.Add("x-functions-key", ApiKey);
        Jobs = JobStarts.Client(address, ApiKey);
    }

    /// <summary>Raw HTTP with the key, for the load plans of the test helpers.</summary>
    public HttpClient Http { get; }

    /// <summary>The API through the .NET client: starts, polling, uploads and downloads.</summary>
    public BackgroundJobsClient Jobs { get; }

    /// <summary>The server's own Durable Task client, for the engine probes (no HTTP in between).</summary>
    public DurableTaskClient Client => app.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>The engine settings the server really runs with (after environment variables), printed beside the figures.</summary>
    public EngineOptions EngineSettings => app.Services.GetRequiredService<IOptions<EngineOptions>>().Value;

    /// <param name="reportRows">Rows of the benchmark-only <c>synthetic</c> report source.</param>
    public static async Task<BenchServer> StartAsync(string engine, SendGridStandIn sendGrid, string? azurite, int reportRows = 0)
    {
        var temp = new TempDirectory();
        var hub = "bench" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0"] = ApiKey,
            ["Engine:Kind"] = engine,
            ["Engine:TaskHubName"] = hub,
            ["Storage:LocalPath"] = temp.Combine("blobs"),
            ["SendGrid:ApiKey"] = "SG.bench",
            ["SendGrid:BaseUrl"] = sendGrid.BaseUrl,
            ["Email:From"] = "bench@example.com",
            ["AllowedHosts"] = "127.0.0.1",
        };
        if (engine == "AzureStorage")
        {
            settings["Storage:ConnectionString"] = azurite;
            settings["Storage:Container"] = hub;
        }

        var app = BackgroundJobsServer.Create(
            ["--environment", "Production", "--urls", "http://127.0.0.1:0"],
            b =>
            {
                b.Configuration.AddInMemoryCollection(settings);
                b.Logging.SetMinimumLevel(LogLevel.Error);
                b.Services.Configure<EngineTasks>(tasks => tasks.Registrations.Add(registry => registry.AddEngineProbes()));
                b.Services.AddSingleton<JobTypes.Reports.IReportSource>(new SyntheticReportSource(SyntheticReportSource.ReportName, reportRows));
                b.Services.AddSingleton<JobTypes.Reports.IReportSource>(new SyntheticReportSource(SyntheticReportSource.WarmUpName, Math.Max(1000, reportRows / 100)));
            });
        await app.StartAsync();
        return new BenchServer(app, temp);
    }

    public async Task<string> UploadAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return (await Jobs.UploadAsync(file, "text/csv")).Name;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        temp.Dispose();
    }
}
