using System.Collections;
using System.Reflection;
using BackgroundJobs.Server.Engine;
using BackgroundJobs.TestHelpers;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Server.Tests.Engine;

/// <summary>
/// The server's engine on Azure Storage forgets an activity work item that could not be handed
/// back while storage was down (see the storage-outage test in BackgroundJobs.Crash.Tests). It does
/// so through a private table of <c>AzureStorageOrchestrationService</c>; this fails first if a
/// package upgrade renames or retypes it, rather than a job hanging after the next outage.
/// </summary>
public class ActivityForgettingTests
{
    [Fact]
    public void AzureStorageEngine_WrapsTheService_AndTheTableItForgetsFromStillExists()
    {
        // Arrange
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = AzuriteEndpoint.DevelopmentConnectionString })
            .Build();
        var options = Options.Create(new EngineOptions { Kind = EngineKind.AzureStorage, TaskHubName = "forgetting" });

        // Act: nothing here talks to storage.
        var engine = new OrchestrationEngine(options, configuration, NullLoggerFactory.Instance);
        var field = typeof(AzureStorageOrchestrationService).GetField("activeActivitySessions", BindingFlags.Instance | BindingFlags.NonPublic);

        // Assert
        Assert.IsNotType<AzureStorageOrchestrationService>(engine.Service);
        Assert.IsType<AzureStorageOrchestrationService>(engine.Client);
        Assert.NotNull(field);
        Assert.IsAssignableFrom<IDictionary>(field.GetValue(engine.Client));
    }
}
