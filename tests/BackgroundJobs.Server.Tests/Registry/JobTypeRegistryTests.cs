using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackgroundJobs.Server.Tests.Jobs;

namespace BackgroundJobs.Server.Tests.Registry;

/// <summary>
/// The job-type registry over real HTTP: one start route for every type, the type list with its
/// request schema, and a type written in this test project that gets start, status and list.
/// </summary>
public sealed class JobTypeRegistryTests
{
    private static readonly string[] BuiltIn = ["bulk-email", "documents", "crm-sync", "inference", "reports", "http-call"];

    [Fact]
    public async Task Start_UnknownType_Is404ProblemNamingTheKnownTypes_AndStartsNothing()
    {
        await using var server = await ServerHost.StartAsync();

        using var response = await server.PostJsonAsync("/api/jobs/no-such-type", new { subject = "Hi" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty("type")[0].GetString()!;
        Assert.Contains("no-such-type", message, StringComparison.Ordinal);
        Assert.All(BuiltIn, type => Assert.Contains(type, message, StringComparison.Ordinal));
        Assert.Empty((await OperatedJobs.GetAsync(server, "/api/jobs")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task JobTypes_ListsTheBuiltInTypes_EachWithItsRequestSchema()
    {
        await using var server = await ServerHost.StartAsync();

        var types = (await OperatedJobs.GetAsync(server, "/api/job-types")).EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => t);

        Assert.Equal(BuiltIn.Order(), types.Keys.Order());
        Assert.Equal(["recipients", "recipientsBlob", "subject", "text"], PropertiesOf(types["bulk-email"], "subject", "text", "recipients", "recipientsBlob"));
        Assert.Equal(["callback", "notifyEmail"], PropertiesOf(types["documents"], "callback", "notifyEmail"));
        Assert.All(types.Values, t => Assert.Equal(JsonValueKind.Object, t.GetProperty("limits").ValueKind));
    }

    [Fact]
    public async Task TypeRegisteredByATest_IsStartable_AndHasStatusListFilterAndSchema()
    {
        await using var server = await ServerHost.StartAsync(configure: builder => builder.Services.AddEchoJob());

        using var start = await server.PostJsonAsync($"/api/jobs/{EchoJob.Name}", new { text = "ab", times = 3 }, idempotencyKey: "echo-1");
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal(EchoJob.Name, accepted.GetProperty("type").GetString());
        using var again = await server.PostJsonAsync($"/api/jobs/{EchoJob.Name}", new { text = "ab", times = 3 }, idempotencyKey: "echo-1");
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        await OperatedJobs.WaitForEndAsync(server, [id]);

        var job = await OperatedJobs.GetAsync(server, $"/api/jobs/{id}");
        Assert.Equal(EchoJob.Name, job.GetProperty("type").GetString());
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal("ababab", job.GetProperty("result").GetProperty("echoed").GetString());

        var listed = (await OperatedJobs.GetAsync(server, $"/api/jobs?type={EchoJob.Name}")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal([id], listed);

        var echo = Assert.Single((await OperatedJobs.GetAsync(server, "/api/job-types")).EnumerateArray(), t => t.GetProperty("name").GetString() == EchoJob.Name);
        Assert.Equal(["text", "times"], PropertiesOf(echo, "text", "times"));
        Assert.Equal(10, echo.GetProperty("limits").GetProperty("maxTimes").GetInt32());

        using var bad = await server.PostJsonAsync($"/api/jobs/{EchoJob.Name}", new { text = "ab", times = 99 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("times", out _));
    }

    [Fact]
    public async Task TypeRegisteredOnAnotherHost_IsUnknownOnAHostWithoutItsLine()
    {
        await using (await ServerHost.StartAsync(configure: builder => builder.Services.AddEchoJob()))
        {
        }

        await using var server = await ServerHost.StartAsync();

        using var response = await server.PostJsonAsync($"/api/jobs/{EchoJob.Name}", new { text = "ab" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The named properties the type's request schema declares, sorted.</summary>
    private static List<string> PropertiesOf(JsonElement type, params string[] names)
    {
        var properties = type.GetProperty("requestSchema").GetProperty("properties");
        return names.Where(n => properties.TryGetProperty(n, out _)).Order(StringComparer.Ordinal).ToList();
    }
}
