using System.Reflection;
using System.Text.Json;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Functions.Jobs;
using BackgroundJobs.Functions.Tests.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Moq;

namespace BackgroundJobs.Functions.Tests.Jobs;

/// <summary>
/// The links come from the Durable extension's own <c>CreateHttpManagementPayload</c>, fed the request
/// data that the ASP.NET Core integration gives the function.
/// </summary>
public sealed class DurableManagementLinksTests
{
    private const string InstanceUrl = HttpInvocation.BaseUrl + "/runtime/webhooks/durabletask/instances/job-1";

    [Fact]
    public async Task ForInvocationAsync_PlainClient_GivesTheBuiltInUrlsUnderTheRequestsHost()
    {
        var invocation = HttpInvocation.Create(EmptyServices(), "StartJob", "POST", "/api/jobs/bulk-email");
        var links = await DurableManagementLinks.ForInvocationAsync(new Mock<DurableTaskClient>("test").Object, invocation.FunctionContext);

        var job = links("job-1");

        Assert.Equal(InstanceUrl, job.StatusQueryGetUri);
        Assert.Equal(InstanceUrl + "/raiseEvent/{eventName}", job.SendEventPostUri);
        Assert.Equal(InstanceUrl + "/terminate?reason={text}", job.TerminatePostUri);
        Assert.Equal(InstanceUrl, job.PurgeHistoryDeleteUri);
        Assert.Equal(InstanceUrl + "/restart", job.RestartPostUri);
        Assert.Equal(InstanceUrl + "/suspend?reason={text}", job.SuspendPostUri);
        Assert.Equal(InstanceUrl + "/resume?reason={text}", job.ResumePostUri);
    }

    [Fact]
    public async Task ForInvocationAsync_TheClientTheBindingGives_AppendsItsTaskHubConnectionAndKey()
    {
        const string query = "taskHub=BackgroundJobs&connection=Storage&code=system-key";
        var invocation = HttpInvocation.Create(EmptyServices(), "StartJob", "POST", "/api/jobs/bulk-email");
        var bound = BoundClient(new Mock<DurableTaskClient>("test").Object, query);
        var links = await DurableManagementLinks.ForInvocationAsync(bound, invocation.FunctionContext);

        var job = links("job-1");

        Assert.Equal($"{InstanceUrl}?{query}", job.StatusQueryGetUri);
        Assert.Equal($"{InstanceUrl}/raiseEvent/{{eventName}}?{query}", job.SendEventPostUri);
        Assert.Equal($"{InstanceUrl}/terminate?reason={{text}}&{query}", job.TerminatePostUri);
        Assert.Equal($"{InstanceUrl}/restart?{query}", job.RestartPostUri);
    }

    [Fact]
    public async Task ForInvocationAsync_InstanceIdWithReservedCharacters_IsEscapedInTheUrls()
    {
        var invocation = HttpInvocation.Create(EmptyServices(), "GetJob", "GET", "/api/jobs/x");
        var links = await DurableManagementLinks.ForInvocationAsync(new Mock<DurableTaskClient>("test").Object, invocation.FunctionContext);

        var job = links("a b/c");

        Assert.Equal(HttpInvocation.BaseUrl + "/runtime/webhooks/durabletask/instances/a%20b%2Fc", job.StatusQueryGetUri);
    }

    [Fact]
    public async Task Links_SerializedAsJobJson_UseTheCamelCaseContractNames()
    {
        var invocation = HttpInvocation.Create(EmptyServices(), "StartJob", "POST", "/api/jobs/bulk-email");
        var links = await DurableManagementLinks.ForInvocationAsync(new Mock<DurableTaskClient>("test").Object, invocation.FunctionContext);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(links("job-1"), JobJson.Options));

        Assert.Equal(
            ["purgeHistoryDeleteUri", "restartPostUri", "resumePostUri", "sendEventPostUri", "statusQueryGetUri", "suspendPostUri", "terminatePostUri"],
            json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ForInvocationAsync_InvocationWithoutAnHttpContext_Throws()
    {
        var features = new Mock<IInvocationFeatures>();
        features.Setup(f => f.Get<IHttpRequestDataFeature>()).Returns(HttpInvocation.AspNetCoreRequestDataFeature());
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns("Timer");
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object>());
        context.SetupGet(c => c.Features).Returns(features.Object);
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);

        await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await DurableManagementLinks.ForInvocationAsync(new Mock<DurableTaskClient>("test").Object, context.Object));
    }

    private static ServiceProviderStub EmptyServices() => new();

    /// <summary>
    /// The <c>[DurableClient]</c> binding wraps the gRPC client in the extension's internal
    /// <c>FunctionsDurableTaskClient</c>, which carries the query string the host requires on its
    /// webhooks. Built here by reflection because no public API makes one.
    /// </summary>
    private static DurableTaskClient BoundClient(DurableTaskClient inner, string queryString)
    {
        var type = typeof(Microsoft.Azure.Functions.Worker.DurableTaskClientExtensions).Assembly.GetType("Microsoft.Azure.Functions.Worker.FunctionsDurableTaskClient", throwOnError: true)!;
        var constructor = type.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Single(c => c.GetParameters().Length >= 3 && c.GetParameters()[0].ParameterType == typeof(DurableTaskClient));
        var arguments = new object?[constructor.GetParameters().Length];
        arguments[0] = inner;
        arguments[1] = queryString;
        arguments[2] = "http://localhost:7071/runtime/webhooks/durabletask";
        return (DurableTaskClient)constructor.Invoke(arguments);
    }

    private sealed class ServiceProviderStub : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
