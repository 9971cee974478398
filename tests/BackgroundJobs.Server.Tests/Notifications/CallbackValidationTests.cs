using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace BackgroundJobs.Server.Tests.Notifications;

/// <summary>
/// Callbacks and notification addresses are checked at the door with production settings (https
/// only, no private networks): a 400 problem naming the field, and nothing started or stored.
/// </summary>
public sealed class CallbackValidationTests : IAsyncLifetime
{
    private ServerHost server = null!;

    public async Task InitializeAsync() =>
        server = await ServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Webhooks:SigningSecret"] = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });

    public async Task DisposeAsync() => await server.DisposeAsync();

    public static TheoryData<string, object, string, string> Invalid() => new()
    {
        { "plain http", new { url = "http://93.184.215.14/hook" }, "callback.url", "must use https" },
        { "loopback", new { url = "https://127.0.0.1/hook" }, "callback.url", "loopback, private" },
        { "10/8", new { url = "https://10.20.30.40/hook" }, "callback.url", "10.20.30.40" },
        { "metadata", new { url = "https://169.254.169.254/latest/meta-data" }, "callback.url", "169.254.169.254" },
        { "IPv6 loopback", new { url = "https://[::1]/hook" }, "callback.url", "::1" },
        { "localhost", new { url = "https://localhost/hook" }, "callback.url", "loopback, private" },
        { "no url", new { events = new[] { "job.completed" } }, "callback.url", "is required" },
        { "unknown event", new { url = "https://93.184.215.14/hook", events = new[] { "job.started" } }, "callback.events[0]", "must be one of" },
        { "credentials in url", new { url = "https://user:secret@93.184.215.14/hook" }, "callback.url", "user name or password" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Start_InvalidCallback_Is400NamingTheField_AndNothingIsStartedOrStored(string because, object callback, string field, string message)
    {
        using var response = await server.PostJsonAsync("/api/jobs/bulk-email", Job(callback));

        await AssertRefusedAsync(response, field, message, because);
    }

    [Fact]
    public async Task Start_InvalidNotifyEmail_Is400NamingTheField()
    {
        using var response = await server.PostJsonAsync("/api/jobs/bulk-email", Job(callback: null, notifyEmail: "ops@example.com\r\nBcc: all@example.com"));

        await AssertRefusedAsync(response, "notifyEmail", "not a valid e-mail address", "header injection");
    }

    [Fact]
    public async Task Start_CallbackOnAServerWithoutASigningSecret_Is400_SinceNothingCouldBeSigned()
    {
        await using var unsigned = await ServerHost.StartAsync();

        using var response = await unsigned.PostJsonAsync("/api/jobs/bulk-email", Job(new { url = "https://93.184.215.14/hook" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Webhooks:SigningSecret", problem.GetProperty("errors").GetProperty("callback")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await unsigned.CountInstancesAsync());
    }

    private static object Job(object? callback, string? notifyEmail = null) => new
    {
        subject = "Hi",
        text = "Hello",
        recipients = new[] { new { email = "a@example.com" } },
        callback,
        notifyEmail,
    };

    private async Task AssertRefusedAsync(HttpResponseMessage response, string field, string message, string because)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{because}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var errors), $"{because}: {problem}");
        Assert.Contains(message, errors[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await server.CountInstancesAsync());
        Assert.Equal(0, server.CountBlobFiles());
    }
}
