using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Infrastructure.Email;
using BackgroundJobs.Infrastructure.Storage;
using BackgroundJobs.TestHelpers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Moq;

namespace BackgroundJobs.Infrastructure.Tests;

public sealed class InfrastructureServiceCollectionExtensionsTests
{
    [Fact]
    public void AddBackgroundJobsInfrastructure_NoConnectionStringNoApiKey_UsesLocalFolderAndOutbox()
    {
        // Arrange + Act
        using var services = Build([]);

        // Assert
        Assert.IsType<LocalFolderBlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.IsType<OutboxEmailSender>(services.GetRequiredService<IEmailSender>());
        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddBackgroundJobsInfrastructure_ConnectionStringAndApiKey_UsesAzureAndSendGrid()
    {
        // Arrange + Act
        using var services = Build(new()
        {
            ["Storage:ConnectionString"] = AzuriteEndpoint.DevelopmentConnectionString,
            ["SendGrid:ApiKey"] = "SG.test-key",
        });

        // Assert
        Assert.IsType<AzureBlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.IsType<SendGridEmailSender>(services.GetRequiredService<IEmailSender>());
        Assert.Same(services.GetRequiredService<IBlobStore>(), services.GetRequiredService<IBlobStore>());
    }

    [Fact]
    public void AddBackgroundJobsInfrastructure_OnlyBlobServiceUri_UsesAzureWithAnIdentityNotAKey()
    {
        // Arrange + Act: building the store must not reach the network (tokens come on first use).
        using var services = Build(new() { ["Storage:BlobServiceUri"] = "https://myaccount.blob.core.windows.net/" });

        // Assert
        var store = Assert.IsType<AzureBlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.Equal(new Uri("https://myaccount.blob.core.windows.net/backgroundjobs"), store.Container.Uri);
        Assert.False(store.Container.CanGenerateSasUri, "an identity-based client holds no account key");
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void AddBackgroundJobsInfrastructure_OnlyAccountName_UsesTheAccountsBlobEndpointWithAnIdentity()
    {
        // Arrange + Act: as the Functions app's AzureWebJobsStorage__accountName.
        using var services = Build(new() { ["Storage:AccountName"] = "jobsprod" });

        // Assert
        var store = Assert.IsType<AzureBlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.Equal(new Uri("https://jobsprod.blob.core.windows.net/backgroundjobs"), store.Container.Uri);
        Assert.False(store.Container.CanGenerateSasUri, "an identity-based client holds no account key");
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void AddBackgroundJobsInfrastructure_ConnectionStringAndBlobServiceUri_TheConnectionStringWins()
    {
        // Arrange + Act
        using var services = Build(new()
        {
            ["Storage:ConnectionString"] = AzuriteEndpoint.DevelopmentConnectionString,
            ["Storage:BlobServiceUri"] = "https://myaccount.blob.core.windows.net/",
        });

        // Assert
        var store = Assert.IsType<AzureBlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.True(store.Container.CanGenerateSasUri, "a connection-string client holds the account key");
    }

    [Fact]
    public void AddBackgroundJobsInfrastructure_RelativePaths_ResolvedAgainstTheContentRoot()
    {
        // Arrange
        using var temp = new TempDirectory();
        var environment = new Mock<IHostEnvironment>();
        environment.SetupGet(e => e.ContentRootPath).Returns(temp.Path);

        // Act
        using var services = Build([], collection => collection.AddSingleton(environment.Object));

        // Assert
        Assert.Equal(Path.Combine(temp.Path, ".data", "blobs"), services.GetRequiredService<IOptions<StorageOptions>>().Value.LocalPath);
        Assert.Equal(Path.Combine(temp.Path, ".data", "outbox"), services.GetRequiredService<IOptions<EmailOptions>>().Value.OutboxPath);
        Assert.Equal(Path.Combine(temp.Path, ".data", "blobs"), ((LocalFolderBlobStore)services.GetRequiredService<IBlobStore>()).RootPath);
    }

    [Theory]
    [InlineData("Email:From", "not an address")]
    [InlineData("Email:From", "noreply@-example.com")]
    [InlineData("Email:From", "noreply@p\u0430ypal.com")]
    [InlineData("Storage:Container", "Not_Valid")]
    [InlineData("SendGrid:TimeoutSeconds", "0")]
    [InlineData("SendGrid:BaseUrl", "ftp://example.com")]
    [InlineData("Storage:BlobServiceUri", "http://myaccount.blob.core.windows.net/")]
    [InlineData("Storage:BlobServiceUri", "myaccount")]
    [InlineData("Storage:QueueServiceUri", "http://myaccount.queue.core.windows.net/")]
    [InlineData("Storage:TableServiceUri", "myaccount")]
    [InlineData("Storage:AccountName", "My_Account")]
    [InlineData("Storage:AccountName", "evil.example.com/x")]
    public void AddBackgroundJobsInfrastructure_InvalidSetting_FailsValidation(string key, string value)
    {
        // Arrange
        using var services = Build(new() { [key] = value });

        // Act + Assert: the host runs these same validators at start (ValidateOnStart).
        var validator = services.GetRequiredService<IStartupValidator>();
        var error = Assert.Throws<OptionsValidationException>(validator.Validate);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBackgroundJobsInfrastructure_Defaults_PassValidation()
    {
        // Arrange
        using var services = Build([]);

        // Act
        services.GetRequiredService<IStartupValidator>().Validate();

        // Assert
        var email = services.GetRequiredService<IOptions<EmailOptions>>().Value;
        Assert.Equal("noreply@example.com", email.From);
        Assert.Equal("backgroundjobs", services.GetRequiredService<IOptions<StorageOptions>>().Value.Container);
        Assert.Equal(30, services.GetRequiredService<IOptions<SendGridOptions>>().Value.TimeoutSeconds);
    }

    [Fact]
    public void AddBackgroundJobsInfrastructure_SendGridWithEmailActivityLookup_AsksSendGridAboutStaleClaims_OtherwiseNoLookup()
    {
        // Arrange + Act
        using var withLookup = Build(new() { ["SendGrid:ApiKey"] = "SG.test-key", ["SendGrid:EmailActivityLookup"] = "true" });
        using var sendGridOnly = Build(new() { ["SendGrid:ApiKey"] = "SG.test-key" });
        using var outbox = Build(new() { ["SendGrid:EmailActivityLookup"] = "true" });

        // Assert
        Assert.IsType<SendGridDeliveryLookup>(withLookup.GetRequiredService<IEmailDeliveryLookup>());
        Assert.IsType<NoEmailDeliveryLookup>(sendGridOnly.GetRequiredService<IEmailDeliveryLookup>());
        Assert.IsType<NoEmailDeliveryLookup>(outbox.GetRequiredService<IEmailDeliveryLookup>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection().AddLogging();
        configure?.Invoke(collection);
        return collection.AddBackgroundJobsInfrastructure(configuration).BuildServiceProvider(validateScopes: true);
    }
}
