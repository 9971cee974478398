using System.Net;
using System.Security.Cryptography;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Xunit.Abstractions;

namespace BackgroundJobs.Server.Tests.Hostile;

/// <summary>
/// Several hundred generated malformed or hostile requests (<see cref="HostileCorpus"/>): every one
/// gets a 4xx, never a 5xx; nothing is started or stored; and the server still works afterwards.
/// Production settings for callbacks (https only, no private networks) and hosts (only 127.0.0.1).
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    [Fact]
    public void Corpus_HasAtLeast500Requests_AllDifferent()
    {
        var corpus = HostileCorpus.All();
        output.WriteLine($"{corpus.Count} requests over {corpus.Select(r => r.Path).Distinct().Count()} paths");

        Assert.True(corpus.Count >= 500, $"only {corpus.Count} requests");
        Assert.Equal(corpus.Count, corpus.Select(r => (r.Method, r.Path, r.ContentType, r.Host, Convert.ToBase64String(SHA256.HashData(r.Body)))).Distinct().Count());
    }

    [Fact]
    public async Task EveryHostileRequest_Is4xx_NothingIsStored_AndTheServerStaysHealthy()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        var settings = ServerHost.WithSendGrid(sendGrid);
        settings["Webhooks:SigningSecret"] = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var server = await ServerHost.StartAsync(settings);
        var failures = new List<string>();

        foreach (var hostile in HostileCorpus.All())
        {
            using var request = new HttpRequestMessage(hostile.Method, new Uri(hostile.Path, UriKind.Relative));
            if (hostile.Host is not null)
            {
                request.Headers.Host = hostile.Host;
            }

            if (hostile.Body.Length > 0 || hostile.ContentType is not null)
            {
                request.Content = new ByteArrayContent(hostile.Body);
                if (hostile.ContentType is not null)
                {
                    // Without validation: some of the corpus's content types are malformed on purpose.
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
                }
            }

            using var response = await server.Http.SendAsync(request);
            var status = (int)response.StatusCode;
            var answer = $"{response.Headers}{response.Content.Headers}{await response.Content.ReadAsStringAsync()}";
            if (status is < 400 or >= 500)
            {
                failures.Add($"{hostile} -> {status} {answer}");
            }
            else if (hostile.Host is not null && answer.Contains(hostile.Host, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{hostile} -> {status} echoes the Host header: {answer}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} requests were not refused with a 4xx:\n{string.Join('\n', failures.Take(40))}");
        Assert.Equal(0, await server.CountInstancesAsync());
        Assert.Equal(0, server.CountBlobFiles());
        Assert.Equal(0, sendGrid.Requests);

        // Still healthy: the health route answers and a valid job runs to the end.
        using var health = await server.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", new { subject = "Hi", text = "Hello", recipients = new[] { new { email = "a@example.com" } } });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var done = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(30));
        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal(["a@example.com"], sendGrid.AcceptedRecipients);
    }
}
