using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Server.Engine;

/// <summary>
/// The orchestration service the server runs on, chosen by <c>Engine:Kind</c>. One instance serves
/// both the worker (<see cref="IOrchestrationService"/>) and the client (<see cref="IOrchestrationServiceClient"/>).
/// </summary>
public sealed class OrchestrationEngine
{
    public OrchestrationEngine(IOptions<EngineOptions> options, IConfiguration configuration, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = options.Value;
        Kind = settings.Kind;
        if (settings.Kind == EngineKind.AzureStorage)
        {
            Storage = TaskHubStorage.FromConfiguration(configuration);
            var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
            {
                TaskHubName = settings.TaskHubName,
                StorageAccountClientProvider = Storage.CreateClientProvider(),
                PartitionCount = settings.PartitionCount,
                MaxConcurrentTaskActivityWorkItems = settings.MaxConcurrentActivities,
                MaxConcurrentTaskOrchestrationWorkItems = settings.MaxConcurrentOrchestrations,
                MaxQueuePollingInterval = settings.MaxQueuePollingInterval,
                ControlQueueBatchSize = settings.ControlQueueBatchSize,
                ControlQueueBufferThreshold = settings.ControlQueueBufferThreshold,
                ExtendedSessionsEnabled = settings.ExtendedSessions,
                ControlQueueVisibilityTimeout = settings.MessageVisibilityTimeout,
                WorkItemQueueVisibilityTimeout = settings.MessageVisibilityTimeout,

                // The default, the machine name, would make two servers on one machine (or a restart
                // before the old lease expires) look like the same owner of a partition.
                WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}",
                LoggerFactory = loggerFactory,
            });
            Service = new ActivityForgettingOrchestrationService(service, loggerFactory.CreateLogger<ActivityForgettingOrchestrationService>());
            Client = service;
        }
        else
        {
            var service = new InMemoryOrchestrationService(loggerFactory);
            Service = new ConcurrencyLimitedOrchestrationService(service, settings.MaxConcurrentActivities, settings.MaxConcurrentOrchestrations);
            Client = service;
        }
    }

    public EngineKind Kind { get; }

    /// <summary>The task hub's storage account; null on the in-memory engine.</summary>
    public TaskHubStorage? Storage { get; }

    public IOrchestrationService Service { get; }

    public IOrchestrationServiceClient Client { get; }
}
