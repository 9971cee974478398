using System.Net;
using System.Net.Http.Headers;
using System.Text;
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

        // Act
        var statuses = new List<HttpStatusCode>();
        TimeSpan? retryAfter = null;
        for (var i = 0; i < 4; i++)
        {
            using var response = await PostAsync(ValidBody);
            statuses.Add(response.StatusCode);
            retryAfter ??= response.Headers.RetryAfter?.Delta;
        }

        // Assert: within one second at most two pass (the window may turn over once during the loop).
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.InRange(standIn.AcceptedRequests, 2, 3);
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string? apiKey = "SG.key")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, standIn.BaseUrl + SendGridStandIn.SendPath)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return await http.SendAsync(request);
    }
}
