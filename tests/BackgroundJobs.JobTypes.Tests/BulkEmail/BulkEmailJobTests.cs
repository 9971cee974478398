using BackgroundJobs.Infrastructure;
using BackgroundJobs.JobTypes.BulkEmail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.JobTypes.Tests.BulkEmail;

/// <summary>The <c>BulkEmail</c> settings that <c>AddBulkEmailJob()</c> binds and checks when the host starts.</summary>
public sealed class BulkEmailJobTests
{
    [Fact]
    public void AddBulkEmailJob_Defaults_PassValidation()
    {
        // Arrange
        using var services = Build(new() { ["SendGrid:ApiKey"] = "SG.test-key", ["SendGrid:EmailActivityLookup"] = "true" });

        // Act
        services.GetRequiredService<IStartupValidator>().Validate();

        // Assert
        var options = services.GetRequiredService<IOptions<BulkEmailOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(2), options.SendClaimTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), options.DeliveryLookupSettleDelay);
    }

    [Theory]
    [InlineData("BulkEmail:SendClaimTimeout", "00:00:00")]
    [InlineData("BulkEmail:SendClaimTimeout", "02:00:00")]
    [InlineData("BulkEmail:DeliveryLookupSettleDelay", "-00:00:01")]
    [InlineData("BulkEmail:DeliveryLookupSettleDelay", "01:00:01")]
    public void AddBulkEmailJob_SettingOutOfRange_FailsValidationNamingIt(string key, string value)
    {
        // Arrange
        using var services = Build(new() { [key] = value });

        // Act + Assert: the host runs these same validators at start (ValidateOnStart).
        var error = Assert.Throws<OptionsValidationException>(services.GetRequiredService<IStartupValidator>().Validate);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBulkEmailJob_ClaimTimeoutNotLongerThanTheSendTimeout_IsRefused()
    {
        // Arrange
        using var services = Build(new() { ["SendGrid:ApiKey"] = "SG.test-key", ["SendGrid:TimeoutSeconds"] = "30", ["BulkEmail:SendClaimTimeout"] = "00:00:30" });

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BulkEmailOptions>>().Value);

        // Assert
        Assert.Contains("BulkEmail:SendClaimTimeout", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddBackgroundJobsInfrastructure(configuration)
            .AddBulkEmailJob()
            .BuildServiceProvider(validateScopes: true);
    }
}
