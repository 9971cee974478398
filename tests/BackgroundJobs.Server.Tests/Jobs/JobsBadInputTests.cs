using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace BackgroundJobs.Server.Tests.Jobs;

/// <summary>Bad query and body values of the operations routes: each a 400 problem naming the parameter, with nothing done.</summary>
public sealed class JobsBadInputTests : IAsyncLifetime
{
    private ServerHost server = null!;

    public async Task InitializeAsync() => server = await ServerHost.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData("status=done", "status")]
    [InlineData("status=1", "status")]
    [InlineData("type=fax", "type")]
    [InlineData("createdFrom=yesterday", "createdFrom")]
    [InlineData("createdFrom=2026-11-28T05:00:00", "createdFrom")]
    [InlineData("createdTo=2026-13-01T00:00:00Z", "createdTo")]
    [InlineData("createdFrom=2026-11-28T00:00:00Z&createdTo=2026-11-27T00:00:00Z", "createdTo")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=ten", "pageSize")]
    [InlineData("pageSize=-5", "pageSize")]
    [InlineData("continuationToken=not-a-token", "continuationToken")]
    [InlineData("continuationToken=", "continuationToken")]
    [InlineData("sort=asc", "sort")]
    [InlineData("status=failed&status=completed", "status")]
    public async Task List_BadQueryValue_Is400NamingTheParameter(string query, string parameter)
    {
        using var response = await server.Http.GetAsync(new Uri("/api/jobs?" + query, UriKind.Relative));

        await AssertProblemAsync(response, parameter);
    }

    [Theory]
    [InlineData("""{"status":"completed"}""", "status")]
    [InlineData("""{"type":"fax"}""", "type")]
    [InlineData("""{"createdFrom":"soon"}""", "createdFrom")]
    [InlineData("""{"createdTo":"2026-11-28"}""", "createdTo")]
    [InlineData("""{"limit":0}""", "limit")]
    [InlineData("""{"limit":101}""", "limit")]
    [InlineData("""{"everything":true}""", "everything")]
    public async Task BulkRetry_BadBodyValue_Is400NamingTheField(string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await server.Http.PostAsync(new Uri("/api/jobs/retry", UriKind.Relative), content);

        await AssertProblemAsync(response, field);
    }

    [Theory]
    [InlineData("POST", "/api/jobs/nope/retry")]
    [InlineData("DELETE", "/api/jobs/nope")]
    [InlineData("GET", "/api/jobs/nope")]
    public async Task UnknownJob_Is404(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string parameter)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), body);
    }
}
