using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Server.Tests.Client;

/// <summary>
/// <c>BackgroundJobs.http</c> run top to bottom against the real server, as an editor would run it:
/// file variables, named requests feeding later ones, bodies from files. Each request must get the
/// status its <c># expect</c> line names, and every route the server maps must be called by one.
/// </summary>
public sealed partial class HttpFileTests
{
    [Fact]
    public async Task HttpFile_EveryRequestGetsItsExpectedStatus_AndEveryRouteOfTheServerIsCalled()
    {
        var path = Path.Combine(RepositoryRoot.Path, "BackgroundJobs.http");
        var requests = HttpFile.Parse(File.ReadAllLines(path));
        // The CRM and model stand-ins, so that the file's CRM sync and inference run (on a fresh server they are 503 naming the setting).
        await using var crm = await CrmStandIn.StartAsync();
        await using var model = await ModelStandIn.StartAsync();
        var settings = new Dictionary<string, string?> { ["Crm:BaseUrl"] = crm.BaseUrl, ["Crm:ApiKey"] = "crm-test-key" };
        settings["Inference:BaseUrl"] = model.BaseUrl;
        settings["Inference:ApiKey"] = ModelStandIn.ApiKey;
        await using var server = await ServerHost.StartAsync(settings);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(90) };
        var variables = new Dictionary<string, string>
        {
            ["host"] = server.BaseAddress.AbsoluteUri.TrimEnd('/'),
            ["key"] = ServerHost.ApiKey,
        };
        var responses = new Dictionary<string, JsonElement>();
        var routes = ServerRoutes(server);
        var called = new HashSet<ServerRoute>();

        foreach (var request in requests)
        {
            foreach (var (name, value) in request.Variables)
            {
                variables.TryAdd(name, value);
            }

            string Resolve(string text) => Placeholder().Replace(text, m => ValueOf(m.Groups[1].Value, variables, responses));
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), Resolve(request.Url));
            message.Content = request.Body switch
            {
                null => null,
                { } body when body.StartsWith("< ", StringComparison.Ordinal) => new ByteArrayContent(File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(path)!, body[2..].Trim()))),
                { } body => new StringContent(Resolve(body), Encoding.UTF8),
            };
            foreach (var (name, value) in request.Headers)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    message.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(Resolve(value));
                }
                else
                {
                    message.Headers.Add(name, Resolve(value));
                }
            }

            using var response = await http.SendAsync(message);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(request.Expected.Contains((int)response.StatusCode), $"{request.Title}: {request.Method} {message.RequestUri} answered {(int)response.StatusCode}, expected {string.Join(" or ", request.Expected)}: {text}");
            if (request.Name is not null)
            {
                responses[request.Name] = JsonDocument.Parse(text).RootElement.Clone();
            }

            if (routes.Where(r => r.Handles(request.Method, message.RequestUri!.AbsolutePath)).MaxBy(r => r.LiteralSegments) is { } route)
            {
                called.Add(route);
            }
        }

        Assert.Empty(routes.Except(called).Select(r => $"{string.Join('|', r.Methods)} {r.Pattern}"));
    }

    private static string ValueOf(string reference, Dictionary<string, string> variables, Dictionary<string, JsonElement> responses)
    {
        if (variables.TryGetValue(reference, out var value))
        {
            return value;
        }

        // {{name.response.body.$.a.b[0].c}}: a JSON path into a named request's answer.
        var parts = reference.Split(".response.body.$.", 2);
        Assert.True(parts.Length == 2 && responses.ContainsKey(parts[0]), $"{{{{{reference}}}}} names no variable or earlier named request");
        var element = responses[parts[0]];
        foreach (Match step in JsonPathStep().Matches(parts[1]))
        {
            element = step.Groups[2].Success ? element[int.Parse(step.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)] : element.GetProperty(step.Groups[1].Value);
        }

        return element.ToString();
    }

    private static List<ServerRoute> ServerRoutes(ServerHost server) =>
        server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => new ServerRoute(e.RoutePattern.RawText!, e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.ToArray() ?? []))
            .ToList();

    [GeneratedRegex(@"\{\{\s*([^}\s]+)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"([^.\[\]]+)|\[(\d+)\]")]
    private static partial Regex JsonPathStep();

    private sealed record ServerRoute(string Pattern, string[] Methods)
    {
        private readonly Regex matcher = new("^" + Regex.Replace(Pattern.TrimEnd('/'), @"\{\*[^}]+\}|\{[^}]+\}", m => m.Value.StartsWith("{*", StringComparison.Ordinal) ? ".+" : "[^/]+") + "/?$");

        public int LiteralSegments => Pattern.Split('/').Count(s => s.Length > 0 && !s.StartsWith('{'));

        public bool Handles(string method, string path) => Methods.Contains(method, StringComparer.OrdinalIgnoreCase) && matcher.IsMatch(path);
    }
}
