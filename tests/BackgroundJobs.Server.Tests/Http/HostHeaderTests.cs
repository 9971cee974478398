using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Server.Tests.Http;

/// <summary>
/// A forged <c>Host</c> header never reaches a link: with <c>Notifications:PublicBaseUrl</c> every
/// link in every answer starts with it; with <c>AllowedHosts</c> another host is refused before
/// anything runs; outside Development with neither the server does not start.
/// </summary>
public sealed class HostHeaderTests
{
    private const string Evil = "evil.example";
    private const string PublicBase = "https://jobs.example.test/background";

    [Fact]
    public async Task EveryAnswer_WithPublicBaseUrl_LinksToIt_AndNeverToTheHostHeader()
    {
        await using var server = await ServerHost.StartAsync(new Dictionary<string, string?> { ["AllowedHosts"] = null, ["Notifications:PublicBaseUrl"] = PublicBase + "/" });
        var transcript = new StringBuilder();

        // A report: its answer links a result file as well.
        using var start = await SendAsync(server, transcript, HttpMethod.Post, "/api/jobs/reports", new { report = "job-history", format = "csv", from = DateTimeOffset.UtcNow.AddDays(-1), to = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, transcript.ToString());
        using var accepted = JsonDocument.Parse(await start.Content.ReadAsStringAsync());
        var id = accepted.RootElement.GetProperty("id").GetString()!;
        Assert.Equal($"{PublicBase}/runtime/webhooks/durabletask/instances/{id}", start.Headers.Location!.AbsoluteUri);
        Assert.Equal($"{PublicBase}/api/jobs/{id}", accepted.RootElement.GetProperty("jobUri").GetString());
        foreach (var link in new[] { "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri" })
        {
            Assert.StartsWith(PublicBase + "/runtime/webhooks/durabletask/instances/", accepted.RootElement.GetProperty(link).GetString(), StringComparison.Ordinal);
        }

        // Polled the Durable Functions way, with the forged host on every request.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var status = await SendAsync(server, transcript, HttpMethod.Get, $"/runtime/webhooks/durabletask/instances/{id}");
            if (status.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                Assert.Equal(HttpStatusCode.OK, status.StatusCode);
                break;
            }

            await Task.Delay(200);
        }

        using var job = await SendAsync(server, transcript, HttpMethod.Get, $"/api/jobs/{id}");
        using var jobBody = JsonDocument.Parse(await job.Content.ReadAsStringAsync());
        var file = Assert.Single(jobBody.RootElement.GetProperty("files").EnumerateArray());
        Assert.StartsWith($"{PublicBase}/api/jobs/{id}/results/", file.GetProperty("url").GetString(), StringComparison.Ordinal);

        using var bulk = await SendAsync(server, transcript, HttpMethod.Post, "/api/jobs/bulk-email", new { subject = "Hi", text = "x", recipients = new[] { new { email = "a@example.com" } } });
        Assert.Equal(HttpStatusCode.Accepted, bulk.StatusCode);
        var bulkId = (await bulk.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await SendAsync(server, transcript, HttpMethod.Post, $"/api/jobs/{bulkId}/cancel", new { reason = "test" })).Dispose();
        (await SendAsync(server, transcript, HttpMethod.Post, $"/api/jobs/{bulkId}/retry")).Dispose();
        (await SendAsync(server, transcript, HttpMethod.Get, "/api/jobs")).Dispose();
        (await SendAsync(server, transcript, HttpMethod.Get, $"/api/jobs/{bulkId}")).Dispose();
        (await SendAsync(server, transcript, HttpMethod.Get, $"/api/jobs/{id}/deliveries")).Dispose();
        (await SendAsync(server, transcript, HttpMethod.Get, $"/runtime/webhooks/durabletask/instances/{bulkId}")).Dispose();
        (await SendAsync(server, transcript, HttpMethod.Get, "/dashboard")).Dispose();

        Assert.DoesNotContain(Evil, transcript.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(PublicBase, transcript.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_HostNotInAllowedHosts_Is400_AndNothingStarts()
    {
        await using var server = await ServerHost.StartAsync(new Dictionary<string, string?> { ["AllowedHosts"] = "127.0.0.1" });
        var transcript = new StringBuilder();

        using var forged = await SendAsync(server, transcript, HttpMethod.Post, "/api/jobs/bulk-email", new { subject = "Hi", text = "x", recipients = new[] { new { email = "a@example.com" } } });
        using var honest = await server.PostJsonAsync("/api/jobs/bulk-email", new { subject = "Hi", text = "x", recipients = new[] { new { email = "a@example.com" } } });

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain(Evil, transcript.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Accepted, honest.StatusCode);
        Assert.StartsWith($"http://127.0.0.1:{server.BaseAddress.Port}/", honest.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(1, await server.CountInstancesAsync(jobsOnly: true));
    }

    [Fact]
    public async Task Start_OutsideDevelopmentWithNeitherPublicBaseUrlNorAllowedHosts_Refused()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ServerHost.StartAsync(new Dictionary<string, string?> { ["AllowedHosts"] = "*" }));

        Assert.Contains("Notifications:PublicBaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowedHosts", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jobs.example.com")]
    [InlineData("ftp://jobs.example.com")]
    [InlineData("https://jobs.example.com/?x=1")]
    public async Task Start_PublicBaseUrlNotAnHttpUrl_Refused(string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ServerHost.StartAsync(new Dictionary<string, string?> { ["Notifications:PublicBaseUrl"] = value }));

        Assert.Contains("Notifications:PublicBaseUrl", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Sends with <c>Host: evil.example</c> and appends the whole answer, headers and body, to the transcript.</summary>
    private static async Task<HttpResponseMessage> SendAsync(ServerHost server, StringBuilder transcript, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Host = Evil;
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await server.Http.SendAsync(request);
        transcript.AppendLine($"{method} {path} -> {(int)response.StatusCode}");
        transcript.AppendLine(response.Headers.ToString());
        transcript.AppendLine(response.Content.Headers.ToString());
        transcript.AppendLine(await response.Content.ReadAsStringAsync());
        return response;
    }
}
