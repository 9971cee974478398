using BackgroundJobs.StandIns;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Server.Tests.OpenApi;

/// <summary>
/// Real traffic through Prism's validating proxy to a real server: a success and an error case of every
/// route, each of which must reach the server (answered by Kestrel, not by Prism) with the expected
/// status and no violation of the document in the request or the response.
/// </summary>
public sealed class PrismValidatedTrafficTests
{
    [Fact]
    public async Task OpenApi_PrismValidatingProxy_EveryRouteSuccessAndError_MatchTheDocument()
    {
        await using var crm = await CrmStandIn.StartAsync();
        crm.Delay = TimeSpan.FromSeconds(30); // keeps a CRM sync running while the running-job routes are tried
        await using var server = await ServerHost.StartAsync(new Dictionary<string, string?> { ["Crm:BaseUrl"] = crm.BaseUrl });
        using var temp = new TempDirectory();
        var documentPath = temp.Combine("v1.json");
        await File.WriteAllTextAsync(documentPath, OpenApiDocument.Format(await OpenApiDocument.FetchAsync(server)));
        using var prism = await PrismProxy.StartAsync(documentPath, server.BaseAddress);
        using var http = new HttpClient { BaseAddress = prism.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var traffic = new Traffic(http, prism);

        // Outside /api: no key.
        await traffic.SendAsync("GET", "/healthz", 200, key: false);
        await traffic.SendAsync("GET", "/dashboard", 200, key: false);
        await traffic.SendAsync("GET", "/dashboard/dashboard.js", 200, key: false);
        await traffic.SendAsync("GET", "/dashboard/nope.js", 404, key: false);

        // The key: a wrong one reaches the server, which refuses it.
        await traffic.SendAsync("GET", "/api/job-types", 200);
        await traffic.SendAsync("GET", "/api/job-types", 401, wrongKey: true);

        // Uploads.
        var upload = await traffic.SendAsync("POST", "/api/uploads", 201, "email,name\nada@example.com,Ada\n", "text/csv");
        var recipientsBlob = upload.GetProperty("name").GetString()!;
        
        // A media type the document does not list never reaches the server: Prism refuses it by the document
        // (the server's own 415 for it is tested in the upload tests).
        await traffic.SendAsync("POST", "/api/uploads", 422, "x", "application/x-unknown", refusedByDocument: true);
        var contacts = await traffic.SendAsync("POST", "/api/uploads", 201, "externalId,email\nc-1,ada@example.com\n", "text/csv");

        // Starts: each type's path, Idempotency-Key, and the errors.
        var emailBody = $$"""{"subject":"Hello","html":"<p>Hi</p>","recipientsBlob":"{{recipientsBlob}}"}""";
        var started = await traffic.SendAsync("POST", "/api/jobs/bulk-email", 202, emailBody, idempotencyKey: "openapi-1");
        var emailJob = started.GetProperty("id").GetString()!;
        await traffic.SendAsync("POST", "/api/jobs/bulk-email", 202, emailBody, idempotencyKey: "openapi-1");
        await traffic.SendAsync("POST", "/api/jobs/bulk-email", 422, emailBody.Replace("Hello", "Hi", StringComparison.Ordinal), idempotencyKey: "openapi-1");
        await traffic.SendAsync("POST", "/api/jobs/bulk-email", 400, """{"subject":"Hi","html":"<p>x</p>","recipients":[{"email":"not-an-email"}]}""");
        var reportJob = (await traffic.SendAsync("POST", "/api/jobs/reports", 202, $$"""{"report":"job-history","from":"{{DateTime.UtcNow.AddDays(-1):O}}","to":"{{DateTime.UtcNow.AddDays(1):O}}"}""")).GetProperty("id").GetString()!;
        await traffic.SendAsync("POST", "/api/jobs/reports", 400, """{"report":"job-history","from":"2026-01-02T00:00:00Z","to":"2026-01-01T00:00:00Z"}""");
        await traffic.SendAsync("POST", "/api/jobs/documents", 400, """{"blob":"uploads/none.pdf"}""");
        await traffic.SendAsync("POST", "/api/jobs/inference", 400, """{"blob":"uploads/none.jsonl"}""");
        var crmJob = (await traffic.SendAsync("POST", "/api/jobs/crm-sync", 202, $$"""{"blob":"{{contacts.GetProperty("name").GetString()}}"}""")).GetProperty("id").GetString()!;
        traffic.AssertNoFailures();

        var emailDone = await WaitForEndAsync(server, emailJob);
        Assert.Equal("completed", emailDone);
        Assert.Equal("completed", await WaitForEndAsync(server, reportJob));

        // The job, the list, its events, its deliveries, its result files.
        await traffic.SendAsync("GET", $"/api/jobs/{emailJob}", 200);
        await traffic.SendAsync("GET", "/api/jobs/nope", 404);
        await traffic.SendAsync("GET", "/api/jobs?pageSize=2", 200);
        await traffic.SendAsync("GET", "/api/jobs?pageSize=0", 400);
        await traffic.SendAsync("GET", $"/api/jobs/{emailJob}/events", 200);
        await traffic.SendAsync("GET", "/api/jobs/nope/events", 404);
        await traffic.SendAsync("GET", $"/api/jobs/{emailJob}/deliveries", 200);
        await traffic.SendAsync("GET", "/api/jobs/nope/deliveries", 404);
        await traffic.SendAsync("POST", $"/api/jobs/{emailJob}/deliveries/nope/redeliver", 404);
        var report = await traffic.SendAsync("GET", $"/api/jobs/{reportJob}", 200);
        var url = report.GetProperty("files")[0].GetProperty("url").GetString()!;
        var file = url[(url.IndexOf("/results/", StringComparison.Ordinal) + "/results/".Length)..];

        // The document's {name} is one path parameter: a generated client escapes its slashes.
        await traffic.SendAsync("GET", $"/api/jobs/{reportJob}/results/{Uri.EscapeDataString(file)}", 200);
        await traffic.SendAsync("GET", $"/api/jobs/{reportJob}/results/nope.csv", 404);
        await traffic.SendAsync("GET", "/api/monitor", 200);
        await traffic.SendAsync("GET", "/api/schedules", 200);

        // The Durable runtime routes on the running CRM sync, then on finished jobs.
        const string Instances = "/runtime/webhooks/durabletask/instances";
        await traffic.SendAsync("GET", $"{Instances}/{crmJob}", 202);
        await traffic.SendAsync("GET", $"{Instances}/{emailJob}", 200);
        await traffic.SendAsync("GET", $"{Instances}/nope", 404);
        await traffic.SendAsync("GET", $"{Instances}/{emailJob}?showInput=2", 400);
        await traffic.SendAsync("GET", $"{Instances}?top=5", 200);
        await traffic.SendAsync("GET", $"{Instances}?top=0", 400);
        await traffic.SendAsync("POST", $"{Instances}/{crmJob}/raiseEvent/poke", 202, """{"x":1}""");
        await traffic.SendAsync("POST", $"{Instances}/{emailJob}/raiseEvent/poke", 410);
        await traffic.SendAsync("POST", $"{Instances}/{crmJob}/suspend?reason=check", 202);
        await traffic.SendAsync("POST", $"{Instances}/{crmJob}/resume?reason=check", 202);
        await traffic.SendAsync("POST", $"{Instances}/{emailJob}/suspend", 410);
        await traffic.SendAsync("POST", $"{Instances}/{emailJob}/resume", 410);
        await traffic.SendAsync("POST", $"{Instances}/nope/terminate", 404);
        await traffic.SendAsync("DELETE", $"/api/jobs/{crmJob}", 409);
        await traffic.SendAsync("POST", $"{Instances}/{emailJob}/restart", 202);
        await traffic.SendAsync("POST", $"{Instances}/nope/restart", 404);

        // Cancel, retry and purge.
        await traffic.SendAsync("POST", $"/api/jobs/{crmJob}/cancel", 202, """{"reason":"openapi check","requestedBy":"tests"}""");
        Assert.Equal("canceled", await WaitForEndAsync(server, crmJob));
        await traffic.SendAsync("POST", $"/api/jobs/{crmJob}/cancel", 409);
        await traffic.SendAsync("POST", "/api/jobs/nope/cancel", 404);
        await traffic.SendAsync("POST", $"{Instances}/{crmJob}/terminate?reason=again", 410);
        var retried = await traffic.SendAsync("POST", $"/api/jobs/{crmJob}/retry", 202);
        await traffic.SendAsync("POST", $"/api/jobs/{emailJob}/retry", 409);
        await traffic.SendAsync("POST", "/api/jobs/nope/retry", 404);
        await traffic.SendAsync("POST", "/api/jobs/retry", 200, """{"limit":5}""");
        await traffic.SendAsync("POST", "/api/jobs/retry", 400, """{"limit":0}""");
        await traffic.SendAsync("POST", $"/api/jobs/{retried.GetProperty("newId").GetString()}/cancel", 202);
        await traffic.SendAsync("DELETE", $"/api/jobs/{reportJob}", 204);
        await traffic.SendAsync("DELETE", "/api/jobs/nope", 404);
        await traffic.SendAsync("DELETE", $"{Instances}/{emailJob}", 200);
        await traffic.SendAsync("DELETE", $"{Instances}/nope", 404);
        await traffic.SendAsync("DELETE", $"{Instances}?createdTimeFrom=2000-01-01T00:00:00Z", 200);
        await traffic.SendAsync("DELETE", $"{Instances}?createdTimeFrom=2000-01-01T00:00:00Z&runtimeStatus=Failed", 404);

        traffic.AssertNoFailures();
    }

    private static async Task<string> WaitForEndAsync(ServerHost server, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var json = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri($"/api/jobs/{id}", UriKind.Relative)));
            var status = json.RootElement.GetProperty("status").GetString()!;
            if (status is "completed" or "failed" or "canceled" || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Sends one request through Prism and records what went wrong instead of stopping at the first.</summary>
    private sealed class Traffic(HttpClient http, PrismProxy prism)
    {
        private readonly List<string> failures = [];

        public void AssertNoFailures() =>
            Assert.True(failures.Count == 0, $"Through prism proxy --errors:\n{string.Join('\n', failures)}\n\nPrism said:\n{string.Join('\n', prism.Output.TakeLast(40))}");

        public async Task<JsonElement> SendAsync(
            string method, string path, int expected, string? body = null, string contentType = "application/json",
            string? idempotencyKey = null, bool key = true, bool wrongKey = false, bool refusedByDocument = false)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
            if (key)
            {
                request.Headers.Add("x-functions-key", wrongKey ? "not-the-key" : ServerHost.ApiKey);
            }

            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            if (body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }

            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var what = $"{method} {path} -> {(int)response.StatusCode}";
            if ((int)response.StatusCode != expected)
            {
                failures.Add($"{what}, expected {expected}: {Short(text)}");

                // Later steps use what a success answers; stop here and say why.
                if (expected < 300)
                {
                    AssertNoFailures();
                }
            }

            var byServer = response.Headers.Server.ToString().Contains("Kestrel", StringComparison.Ordinal);
            if (refusedByDocument && (byServer || !text.Contains("stoplight.io/prism/errors", StringComparison.Ordinal)))
            {
                failures.Add($"{what} should have been refused by Prism for breaking the document: {Short(text)}");
            }
            else if (!refusedByDocument && !byServer)
            {
                failures.Add($"{what} was answered by Prism, not the server: {Short(text)}");
            }

            if (response.Headers.TryGetValues("sl-violations", out var violations))
            {
                failures.Add($"{what} violates the document: {string.Join(' ', violations)}");
            }

            return response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true && text.Length > 0
                ? JsonDocument.Parse(text).RootElement.Clone()
                : default;
        }

        private static string Short(string text) => text.Length > 400 ? text[..400] + "..." : text;
    }
}
