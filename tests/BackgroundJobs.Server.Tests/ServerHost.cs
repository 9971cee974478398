using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Server.Tests;

/// <summary>
/// The real server on a real Kestrel port (127.0.0.1, any free port), configured like production
/// but with temp folders, a test key and, where a test asks, Azurite and the SendGrid stand-in.
/// </summary>
public sealed class ServerHost : IAsyncDisposable
{
    public const string ApiKey = "test-key-0123456789";

    private readonly WebApplication app;
    private readonly TempDirectory temp;

    private ServerHost(WebApplication app, TempDirectory temp, Uri baseAddress)
    {
        this.app = app;
        this.temp = temp;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add("x-functions-key", ApiKey);
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => app.Services;

    public DurableTaskClient Client => app.Services.GetRequiredService<DurableTaskClient>();

    public IBlobStore Blobs => app.Services.GetRequiredService<IBlobStore>();

    public string BlobFolder => temp.Combine("blobs");

    public string OutboxFolder => temp.Combine("outbox");

    /// <param name="settings">Configuration on top of the defaults below, e.g. <c>Engine:Kind</c>.</param>
    /// <param name="configure">More wiring before the host is built, e.g. an in-memory telemetry exporter.</param>
    public static async Task<ServerHost> StartAsync(IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var temp = new TempDirectory();
        var configuration = new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0"] = ApiKey,
            ["Engine:Kind"] = "InMemory",
            ["Storage:LocalPath"] = temp.Combine("blobs"),
            ["Email:OutboxPath"] = temp.Combine("outbox"),
            ["Email:From"] = "jobs@example.com",

            // Production requires a public base URL or a host filter; the port is only known once
            // Kestrel listens, so the filter it is (the port is not part of the match).
            ["AllowedHosts"] = "127.0.0.1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var app = BackgroundJobsServer.Create(
            ["--environment", "Production", "--urls", "http://127.0.0.1:0"],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(configuration);
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                configure?.Invoke(builder);
            });
        await app.StartAsync();
        return new ServerHost(app, temp, new Uri(app.Urls.First()));
    }

    /// <summary>Settings for the Azure Storage engine on Azurite, in a task hub and container of its own.</summary>
    public static Dictionary<string, string?> OnAzurite()
    {
        var unique = "t" + Guid.NewGuid().ToString("N")[..12];
        return new Dictionary<string, string?>
        {
            ["Engine:Kind"] = "AzureStorage",
            ["Engine:TaskHubName"] = unique,
            ["Storage:ConnectionString"] = AzuriteEndpoint.ConnectionString,
            ["Storage:Container"] = unique,
        };
    }

    public static Dictionary<string, string?> WithSendGrid(SendGridStandIn sendGrid, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["SendGrid:ApiKey"] = "SG.test-key";
        settings["SendGrid:BaseUrl"] = sendGrid.BaseUrl;
        return settings;
    }

    public Task<string> UploadAsync(string content, string contentType = "text/csv") =>
        UploadAsync(System.Text.Encoding.UTF8.GetBytes(content), contentType);

    public async Task<string> UploadAsync(byte[] content, string contentType)
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await Http.PostAsync(new Uri("/api/uploads", UriKind.Relative), body);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("name").GetString()!;
    }

    public async Task<HttpResponseMessage> PostJsonAsync(string path, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>
    /// Posts a body that must be refused: the expected 4xx, an RFC 9457 problem naming
    /// <paramref name="field"/>, no instance started and no blob stored by the request. Jobs a
    /// fixture ran before (and finished) may be there; the request must add none.
    /// </summary>
    public async Task AssertRefusedAsync(string path, string contentType, string body, int expectedStatus, string field, string because)
    {
        var filesBefore = CountBlobFiles();
        var instancesBefore = await CountInstancesAsync();
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await Http.PostAsync(new Uri(path, UriKind.Relative), content);

        Assert.True(expectedStatus == (int)response.StatusCode, $"{because}: expected {expectedStatus}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"{because}: no error for '{field}' in {errors}");
        Assert.Equal(instancesBefore, await CountInstancesAsync());
        Assert.Equal(filesBefore, CountBlobFiles());
    }

    /// <summary>Follows a status URL as a Durable Functions client does: 202 means poll again, 200 means done.</summary>
    public async Task<JsonElement> FollowStatusAsync(Uri statusUri, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await Http.GetAsync(statusUri);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == System.Net.HttpStatusCode.OK)
            {
                return JsonDocument.Parse(body).RootElement.Clone();
            }

            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still running after {timeout}: {body}");
            }

            await Task.Delay(200);
        }
    }

    /// <param name="jobsOnly">Leave out a bulk e-mail's chunk sub-orchestrations.</param>
    public async Task<int> CountInstancesAsync(bool jobsOnly = false)
    {
        var count = 0;
        await foreach (var instance in Client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            count += !jobsOnly || Core.Jobs.JobTypeRegistry.TypeNameOf(instance.Name) is not null ? 1 : 0;
        }

        return count;
    }

    /// <summary>The blobs in the local store: its own folders (<c>.tmp</c>, <c>.locks</c>) hold no blobs.</summary>
    public int CountBlobFiles() =>
        Directory.Exists(BlobFolder)
            ? Directory.EnumerateFiles(BlobFolder, "*", SearchOption.AllDirectories).Count(f => !Path.GetRelativePath(BlobFolder, f).StartsWith('.'))
            : 0;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        temp.Dispose();
    }
}
