using System.Text.Json;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Functions.Tests.Hosting;
using BackgroundJobs.Functions.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace BackgroundJobs.Functions.Tests.Uploads;

public sealed class UploadTests : IDisposable
{
    private readonly Mock<IBlobStore> blobs = new();
    private readonly IHost host;

    public UploadTests()
    {
        // Like a real store, read the whole body: the handler counts what was streamed.
        blobs
            .Setup(b => b.WriteAsync(It.IsAny<string>(), It.IsAny<Stream>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string _, Stream content, string _, CancellationToken cancellationToken) => content.CopyToAsync(Stream.Null, cancellationToken));
        host = FunctionsTestHost.Build(overrides: services => services.AddSingleton(blobs.Object));
    }

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task RunAsync_Csv_StoresItUnderUploadsAndAnswers201WithItsName()
    {
        const string csv = "email,name\nada@example.com,Ada\n";
        var invocation = HttpInvocation.Create(host.Services, nameof(Upload), HttpMethods.Post, "/api/uploads", csv, "text/csv");
        var trigger = ActivatorUtilities.CreateInstance<Upload>(host.Services);

        var response = await invocation.ExecuteAsync(await trigger.RunAsync(invocation.Request, invocation.FunctionContext));

        Assert.Equal(StatusCodes.Status201Created, response.StatusCode);
        using var body = JsonDocument.Parse(invocation.ResponseBody());
        var name = body.RootElement.GetProperty("name").GetString()!;
        Assert.StartsWith("uploads/", name, StringComparison.Ordinal);
        Assert.EndsWith(".csv", name, StringComparison.Ordinal);
        blobs.Verify(b => b.WriteAsync(name, It.IsAny<Stream>(), "text/csv", It.IsAny<CancellationToken>()), Times.Once);
    }
}
