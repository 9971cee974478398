using System.Text.Json;
using BackgroundJobs.Server.Tests;
using BackgroundJobs.TestHelpers;
using SkiaSharp;

namespace BackgroundJobs.JobTypes.Tests.Documents;

/// <summary>
/// End to end over real HTTP: the server on the Azure Storage task hub and blob store in Azurite,
/// files uploaded, jobs followed through their status URLs, results fetched through the SAS links
/// the job view gives (with no API key: the signature is the only credential).
/// </summary>
public class DocumentAzureStorageEndToEndTests
{
    [Fact]
    public async Task Pdf_OnAzurite_PagesMergedTextAndSummary_DownloadThroughSasLinks()
    {
        await AzuriteEndpoint.EnsureRunningAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.OnAzurite());
        using var anonymous = new HttpClient();

        var job = await DocumentJob.RunAsync(server, TestDocuments.Pdf(25, "Handbook", "Grace Hopper"), "application/pdf",
            new[] { new { type = "extractText", pagesPerActivity = 10 } }, TimeSpan.FromMinutes(2));

        Assert.Equal("Completed", job.RuntimeStatus);
        var textUrl = job.LinkTo("/text.txt");
        Assert.StartsWith(AzuriteEndpoint.BlobEndpoint.AbsoluteUri, textUrl.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("sig=", textUrl.Query, StringComparison.Ordinal);
        var pages = (await anonymous.GetStringAsync(textUrl)).Split('\f', StringSplitOptions.RemoveEmptyEntries).Select(DocumentInMemoryEngineTests.Normalize);
        Assert.Equal(Enumerable.Range(1, 25).Select(TestDocuments.PageText), pages);

        using var summary = JsonDocument.Parse(await anonymous.GetStringAsync(job.LinkTo("/summary.json")));
        var root = summary.RootElement;
        Assert.Equal((25, 100), (root.GetProperty("pages").GetInt32(), root.GetProperty("words").GetInt32()));
        Assert.Equal(Enumerable.Range(1, 25).Sum(p => TestDocuments.PageText(p).Replace(" ", "", StringComparison.Ordinal).Length), root.GetProperty("characters").GetInt32());
        Assert.Equal(("Handbook", "Grace Hopper"), (root.GetProperty("title").GetString(), root.GetProperty("author").GetString()));
        Assert.Empty(root.GetProperty("failedPages").EnumerateArray());

        var page7 = root.GetProperty("pageFiles")[6].GetString()!;
        await using var pageText = await server.Blobs.OpenReadAsync(page7);
        Assert.Equal(TestDocuments.PageText(7), DocumentInMemoryEngineTests.Normalize(await new StreamReader(pageText!).ReadToEndAsync()));

        // The proxied route serves the same file on this store too.
        var relative = page7[$"results/{job.Id}/".Length..];
        Assert.Equal(TestDocuments.PageText(7), DocumentInMemoryEngineTests.Normalize(await server.Http.GetStringAsync($"/api/jobs/{job.Id}/results/{relative}")));
    }

    [Fact]
    public async Task Webp_OnAzurite_YieldsBothWidths_WithTheAspectRatioKept()
    {
        await AzuriteEndpoint.EnsureRunningAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.OnAzurite());
        using var anonymous = new HttpClient();

        var job = await DocumentJob.RunAsync(server, TestDocuments.Image(SKEncodedImageFormat.Webp, 2000, 1000), "image/webp", timeout: TimeSpan.FromMinutes(2));

        Assert.Equal("Completed", job.RuntimeStatus);
        Assert.Equal((256, 128), await DocumentInMemoryEngineTests.DownloadedSizeAsync(anonymous, job.LinkTo("/images/w256.webp")));
        Assert.Equal((1024, 512), await DocumentInMemoryEngineTests.DownloadedSizeAsync(anonymous, job.LinkTo("/images/w1024.webp")));
    }

    [Fact]
    public async Task EncryptedPdf_OnAzurite_FailsTheJobWithAClearError_AndTheUploadIsKept()
    {
        await AzuriteEndpoint.EnsureRunningAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.OnAzurite());

        var job = await DocumentJob.RunAsync(server, TestDocuments.EncryptedPdf(), "application/octet-stream", timeout: TimeSpan.FromMinutes(2));

        Assert.Equal("failed", job.View.GetProperty("status").GetString());
        Assert.Contains("The PDF is encrypted", job.ErrorMessage, StringComparison.Ordinal);
        Assert.True(await server.Blobs.ExistsAsync(job.Status.GetProperty("input").GetProperty("blob").GetString()!));
    }
}
