using System.Net.Http.Json;
using System.Text.Json;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.JobTypes.HttpCall;
using BackgroundJobs.Server;
using BackgroundJobs.TestHelpers;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.JobTypes.Tests.HttpCall;

/// <summary>
/// The real server (the host <c>Program</c> runs, with its one http-call registration line) on a
/// real Kestrel port, on the in-memory engine or on the Azure Storage engine against Azurite.
/// </summary>
public sealed class HttpCallServer : IAsyncDisposable
{
    private const string ApiKey = "test-key-0123456789";

    private readonly WebApplication app;
    private readonly TempDirectory temp;

    private HttpCallServer(WebApplication app, TempDirectory temp)
    {
        this.app = app;
        this.temp = temp;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add("x-functions-key", ApiKey);
    }

    public HttpClient Http { get; }

    /// <param name="allowPrivateNetworks">The SSRF guard's test setting (<c>Webhooks:AllowPrivateNetworks</c>): on, the loopback stand-in may be called.</param>
    /// <param name="submissionGuard">Replaces the guard's submission-time check (a DNS answer that was public then); the connect-time check stays real.</param>
    public static async Task<HttpCallServer> StartAsync(string engine, bool allowPrivateNetworks = true, ICallbackUrlGuard? submissionGuard = null)
    {
        var temp = new TempDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0"] = ApiKey,
            ["Engine:Kind"] = engine,
            ["Storage:LocalPath"] = temp.Combine("blobs"),
            ["Email:OutboxPath"] = temp.Combine("outbox"),
            ["Email:From"] = "jobs@example.com",
            ["AllowedHosts"] = "127.0.0.1",
            ["Webhooks:AllowHttp"] = "true",
            ["Webhooks:AllowPrivateNetworks"] = allowPrivateNetworks ? "true" : "false",
        };
        if (engine == "AzureStorage")
        {
            await AzuriteEndpoint.EnsureRunningAsync();
            var unique = "t" + Guid.NewGuid().ToString("N")[..12];
            settings["Engine:TaskHubName"] = unique;
            settings["Storage:ConnectionString"] = AzuriteEndpoint.ConnectionString;
            settings["Storage:Container"] = unique;
        }

        var app = BackgroundJobsServer.Create(
            ["--environment", "Production", "--urls", "http://127.0.0.1:0"],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                if (submissionGuard is not null)
                {
                    builder.Services.AddSingleton(submissionGuard);
                }
            });
        await app.StartAsync();
        return new HttpCallServer(app, temp);
    }

    public async Task<HttpResponseMessage> StartJobAsync(object body) =>
        await Http.PostAsJsonAsync(new Uri("/api/jobs/http-call", UriKind.Relative), body);

    /// <summary>The attempts the call made before the platform's retry handler gave up, as it recorded them.</summary>
    public async Task<int?> AttemptsAsync(string jobId) =>
        (await app.Services.GetRequiredService<IBlobStore>().ReadJsonAsync<TaskGaveUp>(BlobNames.JobTaskAttempts(jobId, nameof(SendHttpCallActivity))))?.Attempts;

    public async Task<int> CountInstancesAsync()
    {
        var count = 0;
        await foreach (var _ in app.Services.GetRequiredService<DurableTaskClient>().GetAllInstancesAsync(new OrchestrationQuery()))
        {
            count++;
        }

        return count;
    }

    /// <summary>Polls <c>GET /api/jobs/{id}</c> until the job has ended, and returns its view.</summary>
    public async Task<JsonElement> WaitForEndAsync(string jobId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Http.GetAsync(new Uri($"/api/jobs/{jobId}", UriKind.Relative));
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode
                && JsonDocument.Parse(last).RootElement is var view
                && view.GetProperty("status").GetString() is "completed" or "failed" or "canceled")
            {
                return view.Clone();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Job {jobId} did not end within {timeout}; last view: {last}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        temp.Dispose();
    }
}
