using System.Text.Json;
using BackgroundJobs.Functions.Dashboard;
using BackgroundJobs.Functions.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackgroundJobs.Functions.Tests.Dashboard;

/// <summary>The dashboard on Functions: the same page and files as the server, from the host's own container, at an anonymous route.</summary>
public sealed class GetDashboardTests : IDisposable
{
    private readonly IHost host = FunctionsTestHost.Build();

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task GetDashboard_IsTheHtmlPage_WithAStrictContentSecurityPolicy()
    {
        var invocation = HttpInvocation.Create(host.Services, nameof(GetDashboard), HttpMethods.Get, "/api/dashboard");
        var trigger = ActivatorUtilities.CreateInstance<GetDashboard>(host.Services);

        var response = await invocation.ExecuteAsync(trigger.Run(invocation.Request));

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.ContentType);
        var csp = response.Headers.ContentSecurityPolicy.ToString();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("src=\"dashboard/dashboard.js\"", invocation.ResponseBody(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dashboard.js", "text/javascript; charset=utf-8")]
    [InlineData("api.js", "text/javascript; charset=utf-8")]
    [InlineData("dashboard.css", "text/css; charset=utf-8")]
    [InlineData("icon.svg", "image/svg+xml")]
    public async Task GetDashboardAsset_ServesTheFile_WithItsContentType(string name, string contentType)
    {
        var invocation = HttpInvocation.Create(host.Services, "GetDashboardAsset", HttpMethods.Get, $"/api/dashboard/{name}");
        var trigger = ActivatorUtilities.CreateInstance<GetDashboard>(host.Services);

        var response = await invocation.ExecuteAsync(trigger.RunAsset(invocation.Request, name));

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        Assert.Equal(contentType, response.ContentType);
        Assert.Contains("default-src 'self'", response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(invocation.ResponseBody());
    }

    [Fact]
    public async Task GetDashboardAsset_Unknown_Is404()
    {
        var invocation = HttpInvocation.Create(host.Services, "GetDashboardAsset", HttpMethods.Get, "/api/dashboard/nope.js");
        var trigger = ActivatorUtilities.CreateInstance<GetDashboard>(host.Services);

        var response = await invocation.ExecuteAsync(trigger.RunAsset(invocation.Request, "nope.js"));

        Assert.Equal(StatusCodes.Status404NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("GetDashboard", "dashboard")]
    [InlineData("GetDashboardAsset", "dashboard/{name}")]
    public void FunctionsMetadata_ListsTheDashboard_Anonymous_ForGetAndHead(string name, string route)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var function = Assert.Single(document.RootElement.EnumerateArray(), f => f.GetProperty("name").GetString() == name);
        var trigger = Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "httpTrigger");

        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(nameof(AuthorizationLevel.Anonymous), trigger.GetProperty("authLevel").GetString());
        Assert.Equal(["get", "head"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
    }
}
