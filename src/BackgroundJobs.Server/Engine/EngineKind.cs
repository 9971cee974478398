namespace BackgroundJobs.Server.Engine;

public enum EngineKind
{
    /// <summary>Everything in process memory: nothing to install, nothing survives a restart.</summary>
    InMemory,

    /// <summary>The Durable Functions Azure Storage task hub: Azurite locally, a storage account in production.</summary>
    AzureStorage,
}
