using BackgroundJobs.Core.Jobs;
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
}
