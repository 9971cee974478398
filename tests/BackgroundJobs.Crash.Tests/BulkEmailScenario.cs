using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Xunit.Abstractions;

namespace BackgroundJobs.Crash.Tests;

/// <summary>
/// What every test here shares: the SendGrid stand-in in the test process, a task hub and blob
/// container of the scenario's own on an Azurite, the server processes it starts (all with the same
/// settings, so any of them can carry on the others' work), and the assertions a user would make:
/// the job completed and the provider saw every recipient exactly once. A failing scenario writes
/// every server's log lines to the test output.
/// </summary>
internal sealed class BulkEmailScenario : IAsyncDisposable
{
    private readonly ITestOutputHelper output;
    private readonly List<ServerProcess> servers = [];

    private BulkEmailScenario(ITestOutputHelper output, SendGridStandIn sendGrid, string connectionString)
    {
        this.output = output;
        SendGrid = sendGrid;
        var unique = "c" + Guid.NewGuid().ToString("N")[..12];
        ConnectionString = connectionString;
        Container = unique;
        Settings = new Dictionary<string, string?>
        {
            ["Engine:Kind"] = "AzureStorage",
            ["Engine:TaskHubName"] = unique,
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:Container"] = unique,
            ["SendGrid:ApiKey"] = "SG.process-test-key",
            ["SendGrid:BaseUrl"] = sendGrid.BaseUrl,
            ["SendGrid:TimeoutSeconds"] = "5",
            ["SendGrid:EmailActivityLookup"] = "true",

            // Short, so that a test does not wait minutes; the order is what production has:
            // claim timeout > send timeout, settle delay > the provider's lag.
            ["BulkEmail:SendClaimTimeout"] = "00:00:06",
            ["BulkEmail:DeliveryLookupSettleDelay"] = "00:00:10",

            // Messages a dead server had fetched come back after this.
            ["Engine:MessageVisibilityTimeout"] = "00:00:10",

            // Every batch a server hands to SendGrid is a line in its own log (event 2100).
            ["Logging:LogLevel:BackgroundJobs.Infrastructure.Email.SendGridEmailSender"] = "Debug",
        };
        sendGrid.ActivityLag = TimeSpan.FromSeconds(2);
    }

    public SendGridStandIn SendGrid { get; }

    public string ConnectionString { get; }

    public string Container { get; }

    public Dictionary<string, string?> Settings { get; }

    public BlobContainerClient Blobs => new(ConnectionString, Container);

    public static async Task<BulkEmailScenario> StartAsync(ITestOutputHelper output, string? connectionString = null)
    {
        if (connectionString is null)
        {
            await AzuriteEndpoint.EnsureRunningAsync();
        }

        return new BulkEmailScenario(output, await SendGridStandIn.StartAsync(), connectionString ?? AzuriteEndpoint.ConnectionString);
    }

    /// <summary>Runs the test body; if it fails, every server's last log lines go to the test output.</summary>
    public async Task RunAsync(Func<Task> body)
    {
        try
        {
            await body();
        }
        catch
        {
            foreach (var server in servers)
            {
                output.WriteLine(server.Process.Tail(400));
            }

            throw;
        }
    }

    public async Task<ServerProcess> StartServerAsync(string name)
    {
        var server = await ServerProcess.StartAsync(name, Settings);
        servers.Add(server);
        return server;
    }

    /// <summary>Uploads a CSV of <paramref name="count"/> recipients <c>{prefix}{i}@example.com</c> and starts a bulk e-mail to it; returns the job id.</summary>
    public static async Task<string> StartBulkEmailAsync(ServerProcess server, string prefix, int count, int maxParallelBatches = 4)
    {
        var csv = new StringBuilder("email,name\n");
        for (var i = 0; i < count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{prefix}{i}@example.com,Recipient {i}\n");
        }

        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        using var upload = await server.Http.PostAsync(new Uri("/api/uploads", UriKind.Relative), body);
        upload.EnsureSuccessStatusCode();
        var blob = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString();

        using var start = await server.Http.PostAsJsonAsync(
            new Uri("/api/jobs/bulk-email", UriKind.Relative),
            new { subject = "Hello {{name}}", text = "Hi {{name}}", recipientsBlob = blob, batchSize = 1000, maxParallelBatches });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        return (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Follows the job's Durable Functions status on <paramref name="server"/> until it is done; returns the status body.</summary>
    public static async Task<JsonElement> WaitDoneAsync(ServerProcess server, string jobId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await server.Http.GetAsync(new Uri($"/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(jobId)}", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return JsonDocument.Parse(body).RootElement.Clone();
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {jobId} not done within {timeout}: {(int)response.StatusCode} {body}");
            }

            await Task.Delay(500);
        }
    }

    /// <summary>The job completed, counted every recipient as sent, and the provider saw each exactly once.</summary>
    public void AssertCompletedEveryoneOnce(JsonElement status, string prefix, int count)
    {
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var result = status.GetProperty("output");
        Assert.Equal(count, result.GetProperty("sent").GetInt32());
        Assert.Equal(0, result.GetProperty("failed").GetInt32());
        var notOnce = Enumerable.Range(0, count)
            .Select(i => $"{prefix}{i}@example.com")
            .Select(email => (email, times: SendGrid.CountOf(email)))
            .Where(r => r.times != 1)
            .ToList();
        Assert.True(notOnce.Count == 0, $"{notOnce.Count} recipients not mailed exactly once, e.g. {string.Join(", ", notOnce.Take(5).Select(r => $"{r.email} x{r.times}"))}");
    }

    /// <summary>The ids of the batches a server's own log says it handed to SendGrid (event 2100).</summary>
    public static IReadOnlyList<string> BatchesSentBy(ServerProcess server) =>
        server.Process.Output
            .Where(line => line.Contains("recipients accepted by SendGrid", StringComparison.Ordinal))
            .Select(line => line.IndexOf("Batch ", StringComparison.Ordinal) + "Batch ".Length is var start
                ? line[start..line.IndexOf(": ", start, StringComparison.Ordinal)]
                : line)
            .ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var server in servers)
        {
            server.Dispose();
        }

        await SendGrid.DisposeAsync();
        try
        {
            await Blobs.DeleteIfExistsAsync();
        }
        catch (Azure.RequestFailedException)
        {
            // The storage may be gone already (a private Azurite); nothing to tidy then.
        }
    }
}
