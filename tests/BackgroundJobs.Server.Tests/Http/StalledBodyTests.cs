using System.Text.Json;
using BackgroundJobs.TestHelpers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Server.Tests.Http;

/// <summary>
/// A request body that never arrives in full, sent through real Kestrel from a raw socket: one
/// that stalls (Kestrel's minimum data rate trips), one cut short by the client closing its side,
/// and one reset. Each is the client's problem: a 4xx problem naming <c>body</c> where the
/// connection can still be answered, a log entry below Error without a stack trace, and nothing
/// started or stored.
/// </summary>
public sealed class StalledBodyTests : IAsyncLifetime
{
    private const string BulkEmail = "/api/jobs/bulk-email";
    private const string Uploads = "/api/uploads";

    private readonly LogLevelCapture logs = new();
    private ServerHost server = null!;

    public async Task InitializeAsync() => server = await ServerHost.StartAsync(configure: builder =>
    {
        // Kestrel's default (240 bytes/s after a 5 s grace) with the shortest grace it allows, so a stall trips in seconds.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(240, TimeSpan.FromSeconds(2)));
        builder.Logging.AddProvider(logs);
        builder.Logging.AddFilter<LogLevelCapture>(null, LogLevel.Information);
    });

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData(BulkEmail, "application/json", """{"subject":"Hi","text":""")]
    [InlineData(Uploads, "text/csv", "email,name\na@example.com,A\n")]
    public async Task Start_BodyStallsShortOfItsContentLength_Is408ProblemNamingTheBody_LoggedAsAClientProblem_NothingStored(string path, string contentType, string part)
    {
        using var connection = await RawHttpConnection.OpenAsync(server.BaseAddress);
        await connection.SendAsync(Head(path, contentType, "Content-Length: 5000") + part);

        var response = await connection.ReadResponseAsync(TimeSpan.FromSeconds(60));

        AssertProblemNamingTheBody(response, 408);
        await AssertNothingStoredAndLoggedAsClientProblemAsync(path);
    }

    [Theory]
    [InlineData(BulkEmail, "application/json", """{"subject":"Hi","text":""")]
    [InlineData(Uploads, "text/csv", "email,name\na@example.com,A\n")]
    public async Task Start_ChunkedBodyNeverFinished_Is408ProblemNamingTheBody_LoggedAsAClientProblem_NothingStored(string path, string contentType, string part)
    {
        using var connection = await RawHttpConnection.OpenAsync(server.BaseAddress);
        await connection.SendAsync(Head(path, contentType, "Transfer-Encoding: chunked") + $"{part.Length:x}\r\n{part}\r\n");

        var response = await connection.ReadResponseAsync(TimeSpan.FromSeconds(60));

        AssertProblemNamingTheBody(response, 408);
        await AssertNothingStoredAndLoggedAsClientProblemAsync(path);
    }

    [Theory]
    [InlineData(BulkEmail, "application/json", """{"subject":"Hi","text":""", false)]
    [InlineData(Uploads, "text/csv", "email,name\na@example.com,A\n", false)]
    [InlineData(BulkEmail, "application/json", """{"subject":"Hi","text":""", true)]
    [InlineData(Uploads, "text/csv", "email,name\na@example.com,A\n", true)]
    public async Task Start_ClientGoesAwayMidBody_NothingStored_NotLoggedAsAServerFault_AndTheServerStillAnswers(string path, string contentType, string part, bool reset)
    {
        using (var connection = await RawHttpConnection.OpenAsync(server.BaseAddress))
        {
            await connection.SendAsync(Head(path, contentType, "Content-Length: 5000") + part);
            await Task.Delay(300);
            if (reset)
            {
                connection.Reset();
            }
            else
            {
                // Kestrel takes the client's FIN for the end of the connection and sends nothing
                // more; were it ever to answer, the answer must be the client's error.
                connection.HalfClose();
                if (await connection.ReadResponseAsync(TimeSpan.FromSeconds(30)) is { } response)
                {
                    AssertProblemNamingTheBody(response, 400);
                }
            }
        }

        // Nobody is left to answer. Where the framework sees the end as a cancellation it logs it
        // at Debug itself, so only the absence of a fault is asserted, once the request is over.
        await Eventually.HoldsAsync(() => logs.Entries.Any(e => e.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && e.Id.Id == 2 && e.Message.Contains(path, StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        AssertNotLoggedAsAServerFault();
        Assert.Equal(0, await server.CountInstancesAsync());
        Assert.Equal(0, server.CountBlobFiles());
        using var health = await server.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.True(health.IsSuccessStatusCode);
    }

    private string Head(string path, string contentType, string framing) =>
        $"POST {path} HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nx-functions-key: {ServerHost.ApiKey}\r\nContent-Type: {contentType}\r\n{framing}\r\n\r\n";

    private static void AssertProblemNamingTheBody(RawHttpResponse? response, int status)
    {
        Assert.NotNull(response);
        Assert.True(status == response.Status, $"expected {status}, got {response.Status}: {response.Body}");
        Assert.StartsWith("application/problem+json", response.Headers["content-type"], StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(response.Body);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("body", out _), response.Body);
    }

    private async Task AssertNothingStoredAndLoggedAsClientProblemAsync(string path)
    {
        // The server notices a reset on its own schedule; wait for its entry, not a fixed time.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!logs.Entries.Any(e => IsClientProblemEntry(e, path)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var entries = logs.Entries;
        Assert.True(entries.Any(e => IsClientProblemEntry(e, path)), $"no Information or Warning entry naming {path}:\n{string.Join('\n', entries)}");
        AssertNotLoggedAsAServerFault();
        Assert.Equal(0, await server.CountInstancesAsync());
        Assert.Equal(0, server.CountBlobFiles());
    }

    private void AssertNotLoggedAsAServerFault()
    {
        // Kestrel's own line about the connection it could not drain after a reset (event 67) is
        // about the vanished client's socket, not the request pipeline, and is left out.
        var bad = logs.Entries
            .Where(e => e.Level >= LogLevel.Error || (e.Level >= LogLevel.Warning && e.Exception is not null))
            .Where(e => !(e.Category == "Microsoft.AspNetCore.Server.Kestrel" && e.Id.Id == 67))
            .ToList();
        Assert.True(bad.Count == 0, $"logged as a server fault:\n{string.Join('\n', bad)}");
    }

    private static bool IsClientProblemEntry(CapturedLog entry, string path) =>
        entry.Level is LogLevel.Information or LogLevel.Warning
        && entry.Exception is null
        && entry.Category.StartsWith("BackgroundJobs", StringComparison.Ordinal)
        && entry.Message.Contains(path, StringComparison.Ordinal);
}
