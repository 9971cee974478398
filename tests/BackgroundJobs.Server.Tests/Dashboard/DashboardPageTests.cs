using System.Net;
using System.Text.RegularExpressions;

namespace BackgroundJobs.Server.Tests.Dashboard;

/// <summary><c>GET /dashboard</c> over real HTTP: the page and its files without a key, with their types and a strict CSP.</summary>
public sealed partial class DashboardPageTests : IAsyncLifetime
{
    private ServerHost server = null!;
    private HttpClient anonymous = null!;

    public async Task InitializeAsync()
    {
        server = await ServerHost.StartAsync();
        anonymous = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        anonymous.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Dashboard_WithoutAKey_IsTheHtmlPage_WithAStrictContentSecurityPolicy()
    {
        using var response = await anonymous.GetAsync(new Uri("/dashboard", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("<form id=\"key-form\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_WithoutAKey_RedirectsToTheDashboard()
    {
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

        using var response = await noRedirects.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/dashboard", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Dashboard_LinksOnlyItsOwnFiles_AndHasNoInlineScriptOrStyle()
    {
        var html = await anonymous.GetStringAsync(new Uri("/dashboard", UriKind.Relative));

        var links = LinkAttribute().Matches(html).Select(m => m.Groups["url"].Value).ToList();

        Assert.Equal(["dashboard/icon.svg", "dashboard/dashboard.css", "dashboard/dashboard.js", "dashboard/schedules.js", "dashboard/icon.svg"], links);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("dashboard.js", "text/javascript", "sessionStorage")]
    [InlineData("api.js", "text/javascript", "x-functions-key")]
    [InlineData("chart.js", "text/javascript", "failuresOverTime")]
    [InlineData("dom.js", "text/javascript", "syncRows")]
    [InlineData("dashboard.css", "text/css", ".tiles")]
    [InlineData("icon.svg", "image/svg+xml", "<svg")]
    public async Task DashboardAsset_IsServedWithoutAKey_WithItsContentType(string name, string mediaType, string expectedText)
    {
        using var response = await anonymous.GetAsync(new Uri($"/dashboard/{name}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Contains(expectedText, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dashboard/nope.js")]
    [InlineData("/dashboard/index.html")]
    [InlineData("/dashboard/..%2Fappsettings.json")]
    public async Task DashboardAsset_Unknown_Is404(string path)
    {
        using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_WithATrailingSlash_RedirectsToThePage_SoRelativeLinksResolve()
    {
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

        using var response = await noRedirects.GetAsync(new Uri("/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/dashboard", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task DashboardAsset_Unchanged_Is304ForItsETag()
    {
        using var first = await anonymous.GetAsync(new Uri("/dashboard/dashboard.js", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/dashboard/dashboard.js", UriKind.Relative));
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var second = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ApiCallsOfThePage_StillNeedTheKey()
    {
        using var response = await anonymous.GetAsync(new Uri("/api/monitor", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [GeneratedRegex("""(?:src|href)="(?<url>[^"]*)""")]
    private static partial Regex LinkAttribute();

    // A <script> element with content between its tags, rather than only a src.
    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>|<script[^>]*>\s*[^<\s]", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
