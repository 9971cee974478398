using System.Text.Json;
using BackgroundJobs.Functions.Tests.Hosting;
using BackgroundJobs.JobTypes.HttpCall;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Functions.Tests.Metadata;

/// <summary>
/// The Functions host, built as <c>Program</c> builds it, lists the http-call type's orchestrator and
/// activity as functions (added at start-up by the Durable extension from the worker's registry, from
/// the host's one registration line) and can create both from its services.
/// </summary>
public sealed class HttpCallFunctionsMetadataTests : IDisposable
{
    private readonly Microsoft.Extensions.Hosting.IHost host = FunctionsTestHost.Build();

    public void Dispose() => host.Dispose();

    [Theory]
    [InlineData(nameof(HttpCallOrchestrator), "orchestrationTrigger")]
    [InlineData(nameof(SendHttpCallActivity), "activityTrigger")]
    public void FunctionsHost_ListsTheHttpCallTask_WithItsTrigger(string name, string trigger)
    {
        var functions = new List<IFunctionMetadata>();
        foreach (var transformer in host.Services.GetServices<IFunctionMetadataTransformer>())
        {
            transformer.Transform(functions);
        }

        var function = Assert.Single(functions, f => f.Name == name);
        var binding = Assert.Single(function.RawBindings ?? [], b => b.Contains("Trigger", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(binding);
        Assert.Equal(trigger, json.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public void FunctionsHost_CreatesTheHttpCallOrchestratorAndActivity_FromItsServices()
    {
        using var scope = host.Services.CreateScope();
        var factory = host.Services.GetRequiredService<IDurableTaskFactory>();

        Assert.True(factory.TryCreateOrchestrator(new TaskName(nameof(HttpCallOrchestrator)), scope.ServiceProvider, out var orchestrator));
        Assert.IsType<HttpCallOrchestrator>(orchestrator);
        Assert.True(factory.TryCreateActivity(new TaskName(nameof(SendHttpCallActivity)), scope.ServiceProvider, out var activity));
        Assert.IsType<SendHttpCallActivity>(activity);
    }
}
