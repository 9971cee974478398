using System.Text;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Infrastructure.Storage;
using BackgroundJobs.TestHelpers;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackgroundJobs.Infrastructure.Tests.Storage;

public sealed class AzureBlobStoreTests(AzuriteContainerFixture azurite) : BlobStoreContractTests, IClassFixture<AzuriteContainerFixture>
{
    private readonly AzureBlobStore store = new(azurite.Container, NullLogger<AzureBlobStore>.Instance);

    protected override IBlobStore Store => store;

    protected override IBlobStore OtherInstance =>
        new AzureBlobStore(new Azure.Storage.Blobs.BlobContainerClient(AzuriteEndpoint.ConnectionString, azurite.Container.Name), NullLogger<AzureBlobStore>.Instance);

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

    [Fact]
    public async Task TryCreateReadLink_AccountKeyConnection_SignsAReadOnlyUrl_ThatWorksWithoutOtherCredentials()
    {
        // Arrange
        var name = Prefix + "results/text.txt";
        await WriteTextAsync(name, "page one");
        using var anonymous = new HttpClient();

        // Act
        var link = store.TryCreateReadLink(name, DateTimeOffset.UtcNow.AddMinutes(5));

        // Assert
        Assert.NotNull(link);
        Assert.Contains("sp=r", link.Query, StringComparison.Ordinal);
        Assert.Equal("page one", await anonymous.GetStringAsync(link));
        using var write = new StringContent("overwritten");
        write.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var refused = await anonymous.PutAsync(link, write);
        Assert.False(refused.IsSuccessStatusCode);
    }

    [Fact]
    public void TryCreateReadLink_ClientWithoutAKey_ReturnsNull_SoTheProxiedRouteIsUsed()
    {
        // Arrange: a client with no credential, as one under a managed identity cannot sign with a key either.
        var unsigned = new Azure.Storage.Blobs.BlobContainerClient(azurite.Container.Uri);
        var keyless = new AzureBlobStore(unsigned, NullLogger<AzureBlobStore>.Instance);

        // Act
        var link = keyless.TryCreateReadLink("results/x/text.txt", DateTimeOffset.UtcNow.AddMinutes(5));

        // Assert
        Assert.Null(link);
    }
}
