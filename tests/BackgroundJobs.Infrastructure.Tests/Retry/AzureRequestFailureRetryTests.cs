using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.TestHelpers;
using Microsoft.DurableTask;

namespace BackgroundJobs.Infrastructure.Tests.Retry;

/// <summary>
/// The retry handler's verdict on real Azure SDK errors, as they reach it: the exception's type and
/// message, turned into failure details the way the worker does.
/// </summary>
public sealed class AzureRequestFailureRetryTests
{
    private static readonly BackoffPolicy Policy = BackoffPolicy.Default;

    [Fact]
    public async Task ShouldRetry_MissingBlobOnAzurite_404_IsFalse()
    {
        await AzuriteEndpoint.EnsureRunningAsync();
        var blob = new BlobServiceClient(AzuriteEndpoint.ConnectionString).GetBlobContainerClient($"missing-{Guid.NewGuid():N}").GetBlobClient("nothing.json");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => blob.DownloadContentAsync());

        Assert.Equal(404, error.Status);
        Assert.False(JobRetry.ShouldRetry(Policy, 1, TimeSpan.Zero, TaskFailureDetails.FromException(error)));
    }

    [Fact]
    public async Task ShouldRetry_WrongAccountKeyOnAzurite_403_IsFalse()
    {
        await AzuriteEndpoint.EnsureRunningAsync();
        var wrongKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("not the key of this account, at all"));
        var service = new BlobServiceClient(AzuriteEndpoint.BlobEndpoint, new StorageSharedKeyCredential("devstoreaccount1", wrongKey));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => service.GetBlobContainerClient("any").GetPropertiesAsync());

        Assert.Equal(403, error.Status);
        Assert.False(JobRetry.ShouldRetry(Policy, 1, TimeSpan.Zero, TaskFailureDetails.FromException(error)));
    }

    [Theory]
    [InlineData(503, "Server Busy")]
    [InlineData(500, "Internal Server Error")]
    [InlineData(429, "Too Many Requests")]
    [InlineData(408, "Request Timeout")]
    public async Task ShouldRetry_StorageAnswering408Or429Or5xx_IsTrue(int status, string reason)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var answering = AnswerOnceAsync(listener, $"HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        var blob = new BlobClient(new Uri($"http://127.0.0.1:{port}/devstoreaccount1/jobs/a.json"), options);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => blob.GetPropertiesAsync());
        await answering;

        Assert.Equal(status, error.Status);
        Assert.True(JobRetry.ShouldRetry(Policy, 1, TimeSpan.Zero, TaskFailureDetails.FromException(error)));
    }

    // A storage endpoint that answers one request with a fixed status: the SDK builds its error from a real HTTP answer.
    private static async Task AnswerOnceAsync(TcpListener listener, string response)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new byte[8192];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        await stream.FlushAsync();
    }
}
