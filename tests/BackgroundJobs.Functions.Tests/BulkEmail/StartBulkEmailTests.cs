using System.Globalization;
using System.Text.Json;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Functions.Jobs;
using BackgroundJobs.Functions.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace BackgroundJobs.Functions.Tests.BulkEmail;

public sealed class StartBulkEmailTests : IDisposable
{
    private const string ValidBody = """{"subject":"Hello","html":"<p>Hi {{name}}</p>","recipients":[{"email":"ada@example.com","name":"Ada"}]}""";

    private readonly Mock<IBlobStore> blobs = new();
    private readonly Mock<DurableTaskClient> client = new("test");
    private readonly IHost host;

    public StartBulkEmailTests()
    {
        host = FunctionsTestHost.Build(overrides: services => services.AddSingleton(blobs.Object));
        client
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) => Task.FromResult(options!.InstanceId!));
    }

    public static TheoryData<string, string, string, int> InvalidRequests() => new()
    {
        { """{"html":"<p>x</p>","recipients":[{"email":"ada@example.com"}]}""", "application/json", "subject", StatusCodes.Status400BadRequest },
        { """{"subject":"Hi","html":"<p>x</p>","recipients":[{"email":"not-an-address"}]}""", "application/json", "recipients[0].email", StatusCodes.Status400BadRequest },
        { """{"subject":"Hi","html":"<p>x</p>","recipientsBlob":"uploads/missing.csv"}""", "application/json", "recipientsBlob", StatusCodes.Status400BadRequest },
        { """{"subject":"Hi","html":"<p>x</p>","recipients":[{"email":"ada@example.com"}],"colour":"red"}""", "application/json", "colour", StatusCodes.Status400BadRequest },
        { """{"subject":"Hi",""", "application/json", "body", StatusCodes.Status400BadRequest },
        { ValidBody, "text/plain", "Content-Type", StatusCodes.Status415UnsupportedMediaType },
    };

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task RunAsync_ValidRequest_Answers202WithLocationRetryAfterAndCamelCaseBody()
    {
        var invocation = Invocation(ValidBody);

        var response = await invocation.ExecuteAsync(await Trigger().RunAsync(invocation.Request, "bulk-email", client.Object, invocation.FunctionContext));

        Assert.Equal(StatusCodes.Status202Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(invocation.ResponseBody());
        var root = body.RootElement;
        var id = root.GetProperty("id").GetString()!;
        Assert.Equal("bulk-email", root.GetProperty("type").GetString());
        Assert.Equal("pending", root.GetProperty("status").GetString());
        Assert.All(root.EnumerateObject(), p => Assert.True(char.IsLower(p.Name[0]), $"'{p.Name}' is not camelCase."));

        var statusUri = root.GetProperty("statusQueryGetUri").GetString();
        Assert.Equal(statusUri, response.Headers.Location.ToString());
        Assert.True(int.TryParse(response.Headers.RetryAfter.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0, "Retry-After must be a number of seconds.");

        var instanceUrl = $"{HttpInvocation.BaseUrl}/runtime/webhooks/durabletask/instances/{id}";
        Assert.Equal(instanceUrl, statusUri);
        Assert.Equal(instanceUrl + "/raiseEvent/{eventName}", root.GetProperty("sendEventPostUri").GetString());
        Assert.Equal(instanceUrl + "/terminate?reason={text}", root.GetProperty("terminatePostUri").GetString());
        Assert.Equal(instanceUrl, root.GetProperty("purgeHistoryDeleteUri").GetString());
        Assert.Equal(instanceUrl + "/restart", root.GetProperty("restartPostUri").GetString());
        Assert.Equal(instanceUrl + "/suspend?reason={text}", root.GetProperty("suspendPostUri").GetString());
        Assert.Equal(instanceUrl + "/resume?reason={text}", root.GetProperty("resumePostUri").GetString());
    }

    [Fact]
    public async Task RunAsync_ValidRequest_SchedulesTheBulkEmailOrchestratorOnceWithTheRequest()
    {
        var invocation = Invocation(ValidBody);

        await invocation.ExecuteAsync(await Trigger().RunAsync(invocation.Request, "bulk-email", client.Object, invocation.FunctionContext));

        using var body = JsonDocument.Parse(invocation.ResponseBody());
        var id = body.RootElement.GetProperty("id").GetString();
        client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                It.Is<TaskName>(n => n.Name == nameof(BulkEmailOrchestrator)),
                It.Is<object?>(input => input is BulkEmailRequest && ((BulkEmailRequest)input).Recipients!.Count == 1),
                It.Is<StartOrchestrationOptions?>(o => o != null && o.InstanceId == id),
                It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task RunAsync_InvalidRequest_AnswersAProblemNamingTheFieldAndStartsNothing(string requestBody, string contentType, string field, int status)
    {
        var invocation = Invocation(requestBody, contentType);

        var response = await invocation.ExecuteAsync(await Trigger().RunAsync(invocation.Request, "bulk-email", client.Object, invocation.FunctionContext));

        Assert.Equal(status, response.StatusCode);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(invocation.ResponseBody());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"The problem does not name '{field}': {problem.RootElement}");
        client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()),
            Times.Never);
        blobs.Verify(b => b.WriteAsync(It.IsAny<string>(), It.IsAny<Stream>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        blobs.Verify(b => b.TryCreateAsync(It.IsAny<string>(), It.IsAny<Stream>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    // The Functions worker creates function classes from the host's services the same way.
    private StartJob Trigger() => ActivatorUtilities.CreateInstance<StartJob>(host.Services);

    private HttpInvocation Invocation(string body, string contentType = "application/json") =>
        HttpInvocation.Create(host.Services, nameof(StartJob), HttpMethods.Post, "/api/jobs/bulk-email", body, contentType);
}
