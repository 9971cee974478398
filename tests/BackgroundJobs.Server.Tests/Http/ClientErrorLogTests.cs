using System.Net;
using System.Net.Http.Json;
using BackgroundJobs.TestHelpers;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Server.Tests.Http;

/// <summary>
/// Bad input is the client's problem, not the server's: the log gets one Warning line naming the
/// route, the status and the fields at fault, without a stack trace and without what the client
/// sent; a job whose input turns out unreadable ends in one Warning line the same way.
/// </summary>
public sealed class ClientErrorLogTests : IAsyncLifetime
{
    private readonly LogLevelCapture logs = new();
    private ServerHost server = null!;

    public async Task InitializeAsync() => server = await ServerHost.StartAsync(configure: builder =>
    {
        builder.Logging.AddProvider(logs);
        builder.Logging.AddFilter<LogLevelCapture>(null, LogLevel.Information);
    });

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Start_InvalidBody_Is400_LoggedAsOneWarningNamingTheFields_WithoutAStackTraceOrTheValues()
    {
        var startup = logs.Entries.Count;
        using var response = await server.PostJsonAsync("/api/jobs/bulk-email", new { subject = "", text = "Hi", recipients = new[] { new { email = "secret-not-an-address" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var entries = logs.Entries.Skip(startup).Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(entries.Count == 1, string.Join('\n', entries));
        var entry = entries[0];
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Null(entry.Exception);
        Assert.Equal("POST /api/jobs/bulk-email answered 400: the request is not valid (subject, recipients[0].email)", entry.Message);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("secret-not-an-address", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries.Skip(startup), e => e.Category.StartsWith("BackgroundJobs", StringComparison.Ordinal) && e.Level == LogLevel.Information);
    }

    [Fact]
    public async Task Job_WhoseFileCannotBeRead_FailsWithOneWarningLine_WithoutAStackTrace()
    {
        var startup = logs.Entries.Count;
        var blob = await server.UploadAsync("this is no image"u8.ToArray(), "image/png");
        using var response = await server.PostJsonAsync("/api/jobs/documents", new { blob, operations = new[] { new { type = "resize", widths = new[] { 100 } } } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;

        await Eventually.HoldsAsync(() => logs.Entries.Any(e => e.Id.Id == 1901), TimeSpan.FromSeconds(30));

        var ours = logs.Entries.Skip(startup).Where(e => e.Category.StartsWith("BackgroundJobs", StringComparison.Ordinal)).ToList();
        Assert.Contains(ours, e => e.Id.Id == 4100 && e.Level == LogLevel.Information && e.Message == $"Job {id} (documents) started");
        var warnings = ours.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(warnings.Count == 1, string.Join('\n', warnings));
        var failed = warnings[0];
        Assert.Equal((LogLevel.Warning, 1901), (failed.Level, failed.Id.Id));
        Assert.Null(failed.Exception);
        Assert.StartsWith($"Job {id} (documents) failed: its input cannot be processed: Unsupported file type", failed.Message, StringComparison.Ordinal);
    }
}
