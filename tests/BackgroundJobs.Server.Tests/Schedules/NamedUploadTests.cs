using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace BackgroundJobs.Server.Tests.Schedules;

/// <summary>
/// <c>PUT /api/uploads/{name}</c> through real HTTP: a schedule's recurring source file is stored
/// under its own name and replaced in place, with the checks of <c>POST /api/uploads</c> and <c>If-Match</c>.
/// </summary>
public class NamedUploadTests
{
    private static async Task<HttpResponseMessage> PutAsync(ServerHost server, string name, string content, string contentType = "text/csv", string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/uploads/{name}", UriKind.Relative))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(content)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await server.Http.SendAsync(request);
    }

    private static async Task<string> ReadBlobAsync(ServerHost server, string name)
    {
        await using var stream = await server.Blobs.OpenReadAsync(name);
        using var reader = new StreamReader(stream!);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task PutTwice_StoresUnderTheName_ThenReplacesIt_AndAStaleIfMatchIs412()
    {
        await using var server = await ServerHost.StartAsync();

        using var created = await PutAsync(server, "crm-feed.csv", "email\nada@example.com\n");
        var firstTag = created.Headers.ETag!.Tag;
        using var replaced = await PutAsync(server, "crm-feed.csv", "email\ngrace@example.com\n", ifMatch: firstTag);
        using var stale = await PutAsync(server, "crm-feed.csv", "email\nken@example.com\n", ifMatch: firstTag);
        var body = JsonDocument.Parse(await replaced.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("uploads/crm-feed.csv", body.GetProperty("name").GetString());
        Assert.NotEqual(firstTag, replaced.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("email\ngrace@example.com\n", await ReadBlobAsync(server, "uploads/crm-feed.csv"));
        Assert.Equal(1, server.CountBlobFiles());
    }

    [Theory]
    [InlineData("feed.csv", "text/html", HttpStatusCode.UnsupportedMediaType, "Content-Type")]
    [InlineData(".hidden.csv", "text/csv", HttpStatusCode.BadRequest, "name")]
    [InlineData("a..b.csv", "text/csv", HttpStatusCode.BadRequest, "name")]
    [InlineData("feed.json", "text/csv", HttpStatusCode.BadRequest, "name")]
    [InlineData("big.csv", "text/csv", HttpStatusCode.RequestEntityTooLarge, "body")]
    public async Task BadNamedUpload_IsRefusedNamingTheField_AndNothingIsStored(string name, string contentType, HttpStatusCode status, string field)
    {
        await using var server = await ServerHost.StartAsync(new Dictionary<string, string?> { ["Uploads:MaxBytes"] = "64" });

        using var response = await PutAsync(server, name, name == "big.csv" ? new string('x', 100) : "email\n", contentType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(status, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, server.CountBlobFiles());
    }
}
