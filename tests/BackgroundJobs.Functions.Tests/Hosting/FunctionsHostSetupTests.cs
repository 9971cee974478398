using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Infrastructure.Email;
using BackgroundJobs.Infrastructure.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Functions.Tests.Hosting;

public sealed class FunctionsHostSetupTests
{
    private sealed record Sample(JobStatus Status, JobProgress Progress, string? Missing = null);

    private const string ExpectedJson = """{"status":"running","progress":{"stage":"sending","done":1,"total":4,"percent":25}}""";

    [Fact]
    public void DurableWorker_DataConverter_WritesOrchestrationDataAsJobJson()
    {
        using var host = FunctionsTestHost.Build();

        var converter = host.Services.GetRequiredService<IOptions<DurableTaskWorkerOptions>>().Value.DataConverter;

        Assert.Equal(ExpectedJson, converter.Serialize(new Sample(JobStatus.Running, new JobProgress("sending", 1, 4))));
    }

    [Fact]
    public void DurableClient_DataConverter_WritesStartInputsAsJobJson()
    {
        using var host = FunctionsTestHost.Build();

        var converter = host.Services.GetRequiredService<IOptions<DurableTaskClientOptions>>().Value.DataConverter;

        Assert.Equal(ExpectedJson, converter.Serialize(new Sample(JobStatus.Running, new JobProgress("sending", 1, 4))));
    }

    [Fact]
    public void StorageOptions_WithoutConnectionString_FailValidation()
    {
        using var host = FunctionsTestHost.Build(settings: new Dictionary<string, string?>());

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StorageOptions_WithOnlyBlobServiceUri_PassValidation_AsOnAzureWithAManagedIdentity()
    {
        var settings = FunctionsTestHost.DefaultSettings();
        settings.Remove("Storage:ConnectionString");
        settings["Storage:BlobServiceUri"] = "https://myaccount.blob.core.windows.net/";
        using var host = FunctionsTestHost.Build(settings);

        var options = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;

        Assert.Null(options.ConnectionString);
        Assert.Equal("https://myaccount.blob.core.windows.net/", options.BlobServiceUri);
    }

    [Fact]
    public void SendGridOptions_WithoutApiKeyOutsideDevelopment_FailValidation()
    {
        var settings = FunctionsTestHost.DefaultSettings();
        settings.Remove("SendGrid:ApiKey");
        using var host = FunctionsTestHost.Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<SendGridOptions>>().Value);

        Assert.Contains("SendGrid:ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SendGridOptions_WithoutApiKeyInDevelopment_PassValidation_SoFuncStartCanUseTheOutbox()
    {
        var settings = FunctionsTestHost.DefaultSettings();
        settings.Remove("SendGrid:ApiKey");
        using var host = FunctionsTestHost.Build(settings, environment: "Development");

        var options = host.Services.GetRequiredService<IOptions<SendGridOptions>>().Value;

        Assert.Null(options.ApiKey);
    }

    [Fact]
    public void SendGridOptions_WithApiKeyOutsideDevelopment_PassValidation()
    {
        using var host = FunctionsTestHost.Build();

        Assert.Equal("SG.test-key", host.Services.GetRequiredService<IOptions<SendGridOptions>>().Value.ApiKey);
    }
}
