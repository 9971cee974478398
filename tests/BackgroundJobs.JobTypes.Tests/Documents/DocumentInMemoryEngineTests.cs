using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackgroundJobs.Server.Tests;
using BackgroundJobs.TestHelpers;
using SkiaSharp;

namespace BackgroundJobs.JobTypes.Tests.Documents;

/// <summary>The document job on the real in-memory engine and the local-folder store, through the server's HTTP API.</summary>
public class DocumentInMemoryEngineTests
{
    [Fact]
    public async Task Pdf_EveryPageExtracted_ResultsListedWithProxiedLinks_ThatDownload()
    {
        await using var server = await ServerHost.StartAsync();

        var job = await DocumentJob.RunAsync(server, TestDocuments.Pdf(45, "Annual report", "Ada"), "application/pdf",
            new[] { new { type = "extractText", pagesPerActivity = 20 } });

        Assert.Equal("Completed", job.RuntimeStatus);
        Assert.Equal((45, 180), (job.Result.GetProperty("pages").GetInt32(), job.Result.GetProperty("words").GetInt32()));
        Assert.Equal("Annual report", job.Result.GetProperty("title").GetString());
        var textUrl = job.LinkTo("/text.txt");
        Assert.StartsWith($"{server.BaseAddress}api/jobs/{job.Id}/results/", textUrl.AbsoluteUri, StringComparison.Ordinal);
        var pages = (await server.Http.GetStringAsync(textUrl)).Split('\f', StringSplitOptions.RemoveEmptyEntries).Select(Normalize).ToList();
        Assert.Equal(Enumerable.Range(1, 45).Select(TestDocuments.PageText), pages);
        using var summary = JsonDocument.Parse(await server.Http.GetStringAsync(job.LinkTo("/summary.json")));
        Assert.Equal(45, summary.RootElement.GetProperty("pageFiles").GetArrayLength());
        Assert.Equal(job.Id, job.View.GetProperty("id").GetString());
        Assert.Equal(45, job.View.GetProperty("progress").GetProperty("counts").GetProperty("pages").GetInt32());
    }

    [Fact]
    public async Task Pdf_OnePageBroken_IsReportedInTheSummary_AndTheOtherPagesFinish()
    {
        await using var server = await ServerHost.StartAsync();

        var job = await DocumentJob.RunAsync(server, TestDocuments.PdfWithBrokenPage(pages: 4, brokenPage: 3), "application/pdf");

        Assert.Equal("Completed", job.RuntimeStatus);
        var failed = Assert.Single(job.Result.GetProperty("failedPages").EnumerateArray());
        Assert.Equal(3, failed.GetProperty("page").GetInt32());
        var text = await server.Http.GetStringAsync(job.LinkTo("/text.txt"));
        Assert.Equal([TestDocuments.PageText(1), TestDocuments.PageText(2), TestDocuments.PageText(4)], text.Split('\f', StringSplitOptions.RemoveEmptyEntries).Select(Normalize));
    }

    [Fact]
    public async Task Png_YieldsBothDefaultWidths_WithTheAspectRatioKept()
    {
        await using var server = await ServerHost.StartAsync();

        var job = await DocumentJob.RunAsync(server, TestDocuments.Image(SKEncodedImageFormat.Png, 1600, 900), "image/png");

        Assert.Equal("Completed", job.RuntimeStatus);
        Assert.Equal((256, 144), await DownloadedSizeAsync(server.Http, job.LinkTo("/images/w256.png")));
        Assert.Equal((1024, 576), await DownloadedSizeAsync(server.Http, job.LinkTo("/images/w1024.png")));
    }

    public static TheoryData<string, string, string> FilesThatFailTheJob() => new()
    {
        { "encrypted", "application/pdf", "encrypted" },
        { "corrupt", "application/pdf", "damaged" },
        { "unsupported", "application/pdf", "Unsupported file type" },
        { "too large", "image/png", "refused before decoding" },
    };

    [Theory]
    [MemberData(nameof(FilesThatFailTheJob))]
    public async Task File_ThatCannotBeProcessed_FailsTheJobWithAClearError_AndTheInputIsKept(string kind, string contentType, string expectedError)
    {
        await using var server = await ServerHost.StartAsync(new Dictionary<string, string?> { ["Documents:MaxImagePixels"] = "1000000" });
        var file = kind switch
        {
            "encrypted" => TestDocuments.EncryptedPdf(),
            "corrupt" => "%PDF-1.7\nnot really"u8.ToArray(),
            "unsupported" => "just some text that claims to be a PDF"u8.ToArray(),
            _ => TestDocuments.Image(SKEncodedImageFormat.Png, 1001, 1000),
        };

        var job = await DocumentJob.RunAsync(server, file, contentType);

        Assert.Equal("Failed", job.RuntimeStatus);
        Assert.Equal("failed", job.View.GetProperty("status").GetString());
        Assert.Contains(expectedError, job.ErrorMessage, StringComparison.Ordinal);
        var input = job.Status.GetProperty("input").GetProperty("blob").GetString()!;
        Assert.True(await server.Blobs.ExistsAsync(input), "the uploaded file must be kept");
    }

    [Theory]
    [InlineData("..%2F..%2Fuploads%2Fx.pdf")]
    [InlineData("run%2F..%2F..%2Fother%2Fsummary.json")]
    [InlineData(".hidden")]
    public async Task DownloadRoute_PathTraversal_IsRefused(string name)
    {
        await using var server = await ServerHost.StartAsync();
        var upload = await server.UploadAsync(TestDocuments.Pdf(1), "application/pdf");

        using var response = await server.Http.GetAsync(new Uri($"/api/jobs/job-1/results/{name}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("%PDF", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await server.Blobs.ExistsAsync(upload));
    }

    [Fact]
    public async Task DownloadRoute_WithoutAKey_Is401()
    {
        await using var server = await ServerHost.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await anonymous.GetAsync(new Uri("/api/jobs/job-1/results/run/text.txt", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task DownloadRoute_UnknownFile_Is404()
    {
        await using var server = await ServerHost.StartAsync();

        using var response = await server.Http.GetAsync(new Uri("/api/jobs/job-1/results/run/text.txt", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    internal static async Task<(int Width, int Height)> DownloadedSizeAsync(HttpClient http, Uri url)
    {
        var bytes = await http.GetByteArrayAsync(url);
        using var codec = SKCodec.Create(new MemoryStream(bytes));
        return (codec.Info.Width, codec.Info.Height);
    }

    internal static string Normalize(string text) => Regex.Replace(text, @"\s+", " ").Trim();
}
