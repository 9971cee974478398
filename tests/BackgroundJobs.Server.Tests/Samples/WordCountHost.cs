using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using BackgroundJobs.Samples.WordCount;
using BackgroundJobs.Server.Tests.Jobs;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Server.Tests.Samples;

/// <summary>
/// A server that adds the sample type with its one registration line, as docs/adding-a-job-type.md
/// says a host does, with webhooks signed and allowed to the local receiver.
/// </summary>
internal static class WordCountHost
{
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <param name="allowLocalCallbacks">Let callbacks reach the local receiver over http; off, the SSRF guard works as in production.</param>
    public static Task<ServerHost> StartAsync(string? signingSecret = null, bool allowLocalCallbacks = true) =>
        ServerHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Webhooks:SigningSecret"] = signingSecret ?? NewSecret(),
                ["Webhooks:AllowHttp"] = allowLocalCallbacks ? "true" : "false",
                ["Webhooks:AllowPrivateNetworks"] = allowLocalCallbacks ? "true" : "false",
            },
            builder => builder.Services.AddWordCountJob());

    /// <summary>Lines of <paramref name="wordsPerLine"/> words each: <c>w1 w2 ...</c>.</summary>
    public static string Text(int lines, int wordsPerLine) =>
        string.Concat(Enumerable.Range(0, lines).Select(_ => string.Join(' ', Enumerable.Range(1, wordsPerLine).Select(w => $"w{w}")) + "\n"));

    public static async Task<JsonElement> StartAsync(ServerHost server, object body, string? idempotencyKey = null)
    {
        using var start = await server.PostJsonAsync($"/api/jobs/{WordCountJob.Name}", body, idempotencyKey);
        var text = await start.Content.ReadAsStringAsync();
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, $"{(int)start.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> JobAsync(ServerHost server, string id) => await OperatedJobs.GetAsync(server, $"/api/jobs/{id}");

    public static async Task<HttpResponseMessage> PostAsync(ServerHost server, string path, object? body = null) =>
        await server.Http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body ?? new { });
}
