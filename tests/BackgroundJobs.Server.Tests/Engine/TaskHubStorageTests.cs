using Azure.Identity;
using BackgroundJobs.Server.Engine;
using BackgroundJobs.TestHelpers;
using DurableTask.AzureStorage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Server.Tests.Engine;

/// <summary>
/// The server's Azure Storage task hub without a connection string, as deployed (storage with
/// shared keys off): <c>Storage:AccountName</c> or the service URIs with <c>DefaultAzureCredential</c>,
/// the names the Functions app uses. Nothing here reaches Azure: clients fetch tokens on first use.
/// </summary>
public class TaskHubStorageTests
{
    [Fact]
    public void Engine_AccountNameOnly_RunsTheTaskHubOnTheAccountsEndpointsWithDefaultAzureCredential()
    {
        // Act
        var engine = AzureStorageEngine(new() { ["Storage:AccountName"] = "jobsprod" });

        // Assert: the task hub's blob, queue and table clients, as the framework creates them.
        Assert.IsType<AzureStorageOrchestrationService>(engine.Client);
        var storage = Assert.IsType<TaskHubStorage>(engine.Storage);
        Assert.IsType<DefaultAzureCredential>(storage.Credential);
        var provider = storage.CreateClientProvider();
        var blob = provider.Blob.CreateClient(provider.Blob.CreateOptions());
        var queue = provider.Queue.CreateClient(provider.Queue.CreateOptions());
        var table = provider.Table.CreateClient(provider.Table.CreateOptions());
        Assert.Equal(new Uri("https://jobsprod.blob.core.windows.net/"), blob.Uri);
        Assert.Equal(new Uri("https://jobsprod.queue.core.windows.net/"), queue.Uri);
        Assert.Equal(new Uri("https://jobsprod.table.core.windows.net/"), table.Uri);
        Assert.False(blob.CanGenerateAccountSasUri, "an identity-based client holds no account key");
        Assert.False(queue.CanGenerateAccountSasUri, "an identity-based client holds no account key");
        Assert.Equal(new Uri("https://jobsprod.queue.core.windows.net/"), storage.CreateQueueServiceClient().Uri);
    }

    [Fact]
    public void Engine_ThreeServiceUris_UsesThemWithDefaultAzureCredential()
    {
        // Act: a sovereign cloud or a private endpoint, where the account name alone does not give the host.
        var engine = AzureStorageEngine(new()
        {
            ["Storage:BlobServiceUri"] = "https://jobs.blob.core.chinacloudapi.cn/",
            ["Storage:QueueServiceUri"] = "https://jobs.queue.core.chinacloudapi.cn/",
            ["Storage:TableServiceUri"] = "https://jobs.table.core.chinacloudapi.cn/",
        });

        // Assert
        var storage = Assert.IsType<TaskHubStorage>(engine.Storage);
        Assert.IsType<DefaultAzureCredential>(storage.Credential);
        var provider = storage.CreateClientProvider();
        Assert.Equal(new Uri("https://jobs.blob.core.chinacloudapi.cn/"), provider.Blob.CreateClient(provider.Blob.CreateOptions()).Uri);
        Assert.Equal(new Uri("https://jobs.queue.core.chinacloudapi.cn/"), provider.Queue.CreateClient(provider.Queue.CreateOptions()).Uri);
        Assert.Equal(new Uri("https://jobs.table.core.chinacloudapi.cn/"), provider.Table.CreateClient(provider.Table.CreateOptions()).Uri);
    }

    [Fact]
    public void Engine_ConnectionStringBesideAnAccountName_TheConnectionStringWins()
    {
        // Act
        var engine = AzureStorageEngine(new()
        {
            ["Storage:ConnectionString"] = AzuriteEndpoint.DevelopmentConnectionString,
            ["Storage:AccountName"] = "jobsprod",
        });

        // Assert
        var storage = Assert.IsType<TaskHubStorage>(engine.Storage);
        Assert.Null(storage.Credential);
        var provider = storage.CreateClientProvider();
        var queue = provider.Queue.CreateClient(provider.Queue.CreateOptions());
        Assert.Equal("devstoreaccount1", queue.AccountName);
        Assert.True(queue.CanGenerateAccountSasUri, "a connection-string client holds the account key");
    }

    [Theory]
    [InlineData("Storage:BlobServiceUri", "https://jobs.blob.core.windows.net/", "Storage:QueueServiceUri, Storage:TableServiceUri")]
    [InlineData("Storage:QueueServiceUri", "https://jobs.queue.core.windows.net/", "Storage:BlobServiceUri, Storage:TableServiceUri")]
    [InlineData("Storage:QueueServiceUri", "http://jobs.queue.core.windows.net/", "Storage:QueueServiceUri must be an absolute https URL")]
    [InlineData("Storage:TableServiceUri", "jobs", "Storage:TableServiceUri must be an absolute https URL")]
    [InlineData("Storage:AccountName", "Jobs_Prod", "Storage:AccountName must be a storage account name")]
    [InlineData("Storage:Container", "backgroundjobs", "Engine:Kind=AzureStorage needs Storage:ConnectionString")]
    public async Task Start_AzureStorageEngineWithoutAWholeAccount_IsRefusedNamingTheSetting(string key, string value, string expected)
    {
        // Arrange: a production start in every other respect.
        var app = BackgroundJobsServer.Create(
            ["--environment", "Production", "--urls", "http://127.0.0.1:0"],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Auth:ApiKeys:0"] = "refused-start-key",
                    ["Engine:Kind"] = "AzureStorage",
                    ["Email:OutboxPath"] = Path.Combine(Path.GetTempPath(), "refused-start-outbox"),
                    [key] = value,
                });
                builder.Logging.SetMinimumLevel(LogLevel.None);
            });
        await using (app)
        {
            // Act
            var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

            // Assert
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
    }

    private static OrchestrationEngine AzureStorageEngine(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = Options.Create(new EngineOptions { Kind = EngineKind.AzureStorage, TaskHubName = "identity" });
        return new OrchestrationEngine(options, configuration, NullLoggerFactory.Instance);
    }
}
