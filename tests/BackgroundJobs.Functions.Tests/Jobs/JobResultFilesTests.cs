using System.Text;
using System.Text.Json;
using BackgroundJobs.JobTypes.Documents;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Functions.Jobs;
using BackgroundJobs.Functions.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace BackgroundJobs.Functions.Tests.Jobs;

/// <summary>A finished job's result files, linked from <c>GET /api/jobs/{id}</c> and served by the download route.</summary>
public sealed class JobResultFilesTests : IDisposable
{
    private const string Output = """{"kind":"pdf","input":"uploads/a.pdf","files":["results/job-1/r1/summary.json","results/job-1/r1/text.txt","results/job-2/r1/text.txt","uploads/a.pdf"]}""";

    private readonly Mock<IBlobStore> blobs = new();
    private readonly Mock<DurableTaskClient> client = new("test");
    private IHost? host;

    public void Dispose() => host?.Dispose();

    [Fact]
    public async Task GetJob_StoreCannotSign_LinksTheJobsOwnResultsThroughTheProxiedRoute_AndNothingElse()
    {
        var files = await FilesAsync();

        Assert.Equal(
            [
                ("results/job-1/r1/summary.json", $"{HttpInvocation.BaseUrl}/api/jobs/job-1/results/r1/summary.json"),
                ("results/job-1/r1/text.txt", $"{HttpInvocation.BaseUrl}/api/jobs/job-1/results/r1/text.txt"),
            ],
            files);
    }

    [Fact]
    public async Task GetJob_StoreCanSign_LinksEachResultWithItsReadOnlyUrl()
    {
        blobs.As<IBlobReadLinks>()
            .Setup(l => l.TryCreateReadLink(It.IsAny<string>(), It.IsAny<DateTimeOffset>()))
            .Returns((string name, DateTimeOffset _) => new Uri($"https://account.blob.example/c/{name}?sig=abc"));

        var files = await FilesAsync();

        Assert.Equal("https://account.blob.example/c/results/job-1/r1/text.txt?sig=abc", files[1].Url);
        Assert.Equal(2, files.Count);
    }

    [Fact]
    public async Task DownloadJobResult_KnownFile_StreamsIt()
    {
        blobs.Setup(b => b.OpenReadAsync("results/job-1/r1/text.txt", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new MemoryStream(Encoding.UTF8.GetBytes("page one\f")));
        host = FunctionsTestHost.Build(overrides: services => services.AddSingleton(blobs.Object));
        var invocation = HttpInvocation.Create(host.Services, nameof(DownloadJobResult), HttpMethods.Get, "/api/jobs/job-1/results/r1/text.txt");
        var trigger = ActivatorUtilities.CreateInstance<DownloadJobResult>(host.Services);

        var response = await invocation.ExecuteAsync(await trigger.RunAsync(invocation.Request, invocation.FunctionContext, "job-1", "r1/text.txt"));

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("page one\f", invocation.ResponseBody());
    }

    [Theory]
    [InlineData("job-1", "../../uploads/a.pdf")]
    [InlineData("job-1", "r1/../../job-2/r1/text.txt")]
    [InlineData("../uploads", "a.pdf")]
    public async Task DownloadJobResult_PathTraversal_IsRefusedWithoutTouchingTheStore(string id, string name)
    {
        host = FunctionsTestHost.Build(overrides: services => services.AddSingleton(blobs.Object));
        var invocation = HttpInvocation.Create(host.Services, nameof(DownloadJobResult), HttpMethods.Get, "/api/jobs/x/results/y");
        var trigger = ActivatorUtilities.CreateInstance<DownloadJobResult>(host.Services);

        var response = await invocation.ExecuteAsync(await trigger.RunAsync(invocation.Request, invocation.FunctionContext, id, name));

        Assert.Equal(StatusCodes.Status400BadRequest, response.StatusCode);
        blobs.Verify(b => b.OpenReadAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private async Task<List<(string Name, string Url)>> FilesAsync()
    {
        host = FunctionsTestHost.Build(overrides: services => services.AddSingleton(blobs.Object));
        _ = new ExtensionInstance(client, nameof(DocumentOrchestrator), "job-1")
        {
            Status = OrchestrationRuntimeStatus.Completed,
            Output = Output,
        };
        var invocation = HttpInvocation.Create(host.Services, nameof(GetJob), HttpMethods.Get, "/api/jobs/job-1");

        var response = await invocation.ExecuteAsync(await new GetJob().RunAsync(invocation.Request, client.Object, invocation.FunctionContext, "job-1"));

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        using var body = JsonDocument.Parse(invocation.ResponseBody());
        Assert.Equal("documents", body.RootElement.GetProperty("type").GetString());
        return body.RootElement.GetProperty("files").EnumerateArray()
            .Select(f => (f.GetProperty("name").GetString()!, f.GetProperty("url").GetString()!))
            .ToList();
    }
}
