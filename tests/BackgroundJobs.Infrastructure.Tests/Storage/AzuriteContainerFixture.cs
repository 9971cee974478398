using Azure.Storage.Blobs;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Infrastructure.Tests.Storage;

/// <summary>
/// One fresh container per test run, deleted at the end. Azurite being down fails every test that
/// uses this fixture, on purpose: a skipped storage test would let a broken adapter through.
/// </summary>
public sealed class AzuriteContainerFixture : IAsyncLifetime
{
    public BlobServiceClient Service { get; } = new(AzuriteEndpoint.ConnectionString);

    public BlobContainerClient Container { get; private set; } = null!;

    public static string NewContainerName() => $"test-{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        await AzuriteEndpoint.EnsureRunningAsync();

        // Not created here: the store must create it on first use.
        Container = Service.GetBlobContainerClient(NewContainerName());
    }

    public async Task DisposeAsync()
    {
        if (Container is not null)
        {
            await Container.DeleteIfExistsAsync();
        }
    }
}
