using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Infrastructure.Tests;

/// <summary>The stand-in's own checks, which the sender tests rely on.</summary>
public sealed class SendGridStandInTests : IAsyncLifetime
{
    private const string ValidBody =
        """{"from":{"email":"a@example.com"},"subject":"s","content":[{"type":"text/plain","value":"v"}],"personalizations":[{"to":[{"email":"b@example.com"}]}]}""";

    private readonly HttpClient http = new();
    private SendGridStandIn standIn = null!;

    public async Task InitializeAsync() => standIn = await SendGridStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        http.Dispose();
        await standIn.DisposeAsync();
    }

    [Fact]
    public async Task Send_NoAuthorization_Answers401AndRecordsNothing()
    {
        // Act
        using var response = await PostAsync(ValidBody, apiKey: null);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(standIn.AcceptedRecipients);
    }

    [Theory]
    [InlineData("""{"subject":"s","content":[{"type":"text/plain","value":"v"}],"personalizations":[{"to":[{"email":"b@example.com"}]}]}""", "from.email")]
    [InlineData("""{"from":{"email":"a@example.com"},"subject":"s","content":[{"type":"text/plain","value":"v"}],"personalizations":[]}""", "personalizations")]
    [InlineData("""{"from":{"email":"a@example.com"},"subject":"s","content":[{"type":"text/plain","value":"v"}],"personalizations":[{"to":[]}]}""", "personalizations.0.to")]
    [InlineData("""{"from":{"email":"a@example.com"},"content":[{"type":"text/plain","value":"v"}],"personalizations":[{"to":[{"email":"b@example.com"}]}]}""", "subject")]
    [InlineData("""{"from":{"email":"a@example.com"},"subject":"s","personalizations":[{"to":[{"email":"b@example.com"}]}]}""", "content")]
    public async Task Send_InvalidBody_Answers400WithSendGridsErrorShape(string body, string field)
    {
        // Act
        using var response = await PostAsync(body);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains($"\"field\":\"{field}\"", text, StringComparison.Ordinal);
        Assert.Contains("\"help\":null", text, StringComparison.Ordinal);
        Assert.Empty(standIn.AcceptedRecipients);
    }

    [Fact]
    public async Task Send_TemplateWithoutSubjectOrContent_Answers202WithAMessageId()
    {
        // Act
        using var response = await PostAsync("""{"from":{"email":"a@example.com"},"template_id":"d-1","personalizations":[{"to":[{"email":"b@example.com"}]}]}""");

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(response.Headers.Contains("X-Message-Id"));
        Assert.Equal(["b@example.com"], standIn.AcceptedRecipients);
    }

    [Fact]
    public async Task Send_OverTheRateLimit_Answers429WithRetryAfter()
    {
        // Arrange
        standIn.RateLimitPerSecond = 2;

        // Act: a burst at once, so that it lands in as few one-second windows as the machine allows.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await PostAsync(ValidBody);
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta);
        }));
        var windows = (int)Math.Ceiling(clock.Elapsed.TotalSeconds) + 1;

        // Assert: at most two pass per window the burst touched; the rest are told when to come back.
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.InRange(standIn.AcceptedRequests, 2, 2 * windows);
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests), r => Assert.Equal(TimeSpan.FromSeconds(1), r.RetryAfter));
    }

    [Fact]
    public async Task Send_BodyNotDeclaredAsJson_Answers415AndRecordsNothing()
    {
        // Act
        using var response = await PostAsync(ValidBody, mediaType: "text/plain");

        // Assert
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(standIn.AcceptedRecipients);
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string? apiKey = "SG.key", string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, standIn.BaseUrl + SendGridStandIn.SendPath)
        {
            Content = new StringContent(body, Encoding.UTF8, mediaType),
        };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return await http.SendAsync(request);
    }
}
