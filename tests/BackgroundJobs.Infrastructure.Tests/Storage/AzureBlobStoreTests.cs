using System.Text;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Infrastructure.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackgroundJobs.Infrastructure.Tests.Storage;

public sealed class AzureBlobStoreTests(AzuriteContainerFixture azurite) : BlobStoreContractTests, IClassFixture<AzuriteContainerFixture>
{
    private readonly AzureBlobStore store = new(azurite.Container, NullLogger<AzureBlobStore>.Instance);

    protected override IBlobStore Store => store;

    [Fact]
    public async Task WriteAsync_ContainerMissing_CreatesItOnceForConcurrentWriters()
    {
        // Arrange
        var container = azurite.Service.GetBlobContainerClient(AzuriteContainerFixture.NewContainerName());
        var fresh = new AzureBlobStore(container, NullLogger<AzureBlobStore>.Instance);
        try
        {
            // Act
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
            {
                using var content = new MemoryStream(Encoding.UTF8.GetBytes($"blob {i}"));
                await fresh.WriteAsync($"concurrent/{i}.txt", content, "text/plain");
            }));

            // Assert
            Assert.True((await container.ExistsAsync()).Value);
            Assert.Equal(8, await fresh.DeletePrefixAsync("concurrent/"));
        }
        finally
        {
            await container.DeleteIfExistsAsync();
        }
    }

    [Fact]
    public async Task WriteAsync_ContentType_IsStoredOnTheBlob()
    {
        // Arrange
        var name = Prefix + "results/not-sent.csv";

        // Act
        await WriteTextAsync(name, "email\n");

        // Assert
        var properties = await azurite.Container.GetBlobClient(name).GetPropertiesAsync();
        Assert.Equal("text/plain", properties.Value.ContentType);
    }
}
