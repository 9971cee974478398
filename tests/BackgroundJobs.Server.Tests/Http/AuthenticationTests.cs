using System.Net;

namespace BackgroundJobs.Server.Tests.Http;

public class AuthenticationTests : IAsyncLifetime
{
    private ServerHost server = null!;

    public async Task InitializeAsync() => server = await ServerHost.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/jobs/some-id")]
    [InlineData("POST", "/api/jobs/bulk-email")]
    [InlineData("POST", "/api/uploads")]
    [InlineData("GET", "/runtime/webhooks/durabletask/instances/some-id")]
    [InlineData("GET", "/runtime/webhooks/durabletask/instances?runtimeStatus=Completed")]
    [InlineData("DELETE", "/runtime/webhooks/durabletask/instances?createdTimeFrom=2000-01-01T00:00:00Z")]
    public async Task Request_WithoutAKey_Is401(string method, string path)
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Request_WithAWrongKey_Is401()
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Add("x-functions-key", ServerHost.ApiKey + "x");

        using var response = await client.GetAsync(new Uri("/api/jobs/some-id", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_WithTheKeyInTheCodeQuery_IsLetThrough()
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync(new Uri($"/api/jobs/some-id?code={ServerHost.ApiKey}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Server_OutsideDevelopmentWithoutAKey_RefusesToStart()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ServerHost.StartAsync(new Dictionary<string, string?> { ["Auth:ApiKeys:0"] = "" }));

        Assert.Contains("Auth:ApiKeys", error.ToString(), StringComparison.Ordinal);
    }
}
