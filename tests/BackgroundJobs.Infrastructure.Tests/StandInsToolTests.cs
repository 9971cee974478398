using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Infrastructure.Tests;

/// <summary>
/// The stand-ins as a person runs them (docs/jobs/crm-sync.md, docs/jobs/inference.md): the
/// tools/StandIns program as its own process on the port asked for, printing the settings to use,
/// and answering a client that uses exactly those settings.
/// </summary>
public sealed class StandInsToolTests
{
    [Fact]
    public async Task Crm_OnThePortAsked_TakesAChunkedBatchUpsert_WithThePrintedKey()
    {
        var (tool, port, settings) = await StartAsync("crm");
        using var _ = tool;
        using var http = new HttpClient();
        var json = """{"records":[{"externalId":"c1","email":"ada@example.com","firstName":"Ada"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(settings["Crm__BaseUrl"]), CrmStandIn.UpsertPath.TrimStart('/')))
        {
            // A stream of unknown length goes out chunked, as the server's CRM client sends it.
            Content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(json))) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings["Crm__ApiKey"]);

        using var response = await http.SendAsync(request);

        Assert.Equal($"http://127.0.0.1:{port}/", settings["Crm__BaseUrl"]);
        Assert.Null(request.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"results":[{"externalId":"c1","status":"created"}]}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Model_OnThePortAsked_AnswersAChatCompletion_ForThePrintedModelAndKey()
    {
        var (tool, port, settings) = await StartAsync("model");
        using var _ = tool;
        using var response = await PostJsonAsync(
            settings["Inference__BaseUrl"] + "/chat/completions",
            JsonSerializer.Serialize(new { model = settings["Inference__Model"], messages = new[] { new { role = "user", content = "Hello" } } }),
            settings["Inference__ApiKey"]);

        Assert.Equal($"http://127.0.0.1:{port}/v1", settings["Inference__BaseUrl"]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("echo user: Hello", answer.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task SendGrid_OnThePortAsked_AcceptsAMail_WithThePrintedKey()
    {
        var (tool, port, settings) = await StartAsync("sendgrid");
        using var _ = tool;
        using var response = await PostJsonAsync(
            settings["SendGrid__BaseUrl"] + SendGridStandIn.SendPath,
            """{"from":{"email":"a@example.com"},"subject":"s","content":[{"type":"text/plain","value":"v"}],"personalizations":[{"to":[{"email":"b@example.com"}]}]}""",
            settings["SendGrid__ApiKey"]);

        Assert.Equal($"http://127.0.0.1:{port}", settings["SendGrid__BaseUrl"]);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task UnknownKind_PrintsTheUsage_AndExits2()
    {
        using var tool = ChildProcess.Start("stand-ins", "dotnet", [DllPath, "ftp"]);

        Assert.True(await tool.WaitForExitAsync(TimeSpan.FromSeconds(30)), tool.Tail());
        Assert.Equal(2, tool.ExitCode);
        Assert.Contains(tool.Output, line => line.Contains("usage: dotnet run --project tools/StandIns -- crm|model|sendgrid", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(string url, string json, string bearerKey)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerKey);
        return await http.SendAsync(request);
    }

    private static string DllPath
    {
        get
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = RepositoryRoot.Combine("tools", "StandIns", "bin", testOutput.Parent!.Name, testOutput.Name, "BackgroundJobs.StandIns.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {path} is missing.", path);
        }
    }

    /// <summary>Runs the tool on a free port until it prints its settings (<c>export Name=value</c> lines).</summary>
    private static async Task<(ChildProcess Tool, int Port, Dictionary<string, string> Settings)> StartAsync(string kind)
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var tool = ChildProcess.Start("stand-ins", "dotnet", [DllPath, kind, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await Eventually.HoldsAsync(() => tool.Output.Any(line => line.EndsWith("Ctrl+C stops it.", StringComparison.Ordinal)) || tool.HasExited, TimeSpan.FromSeconds(60));
            Assert.False(tool.HasExited, tool.Tail());
            var settings = tool.Output
                .Select(line => line[(line.IndexOf("export ", StringComparison.Ordinal) is var at and >= 0 ? at + 7 : line.Length)..])
                .Where(setting => setting.Contains('=', StringComparison.Ordinal))
                .ToDictionary(setting => setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting => setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            return (tool, port, settings);
        }
    }

    /// <summary>A body whose length the client cannot know, so it is sent chunked.</summary>
    private sealed class NonSeekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
