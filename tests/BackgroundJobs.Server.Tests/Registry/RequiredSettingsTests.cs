using BackgroundJobs.StandIns;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackgroundJobs.Server.Tests.Jobs;
using BackgroundJobs.TestHelpers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Server.Tests.Registry;

/// <summary>
/// The door: a job type declares the settings it needs; a start or retry on a host without one is a
/// <c>503</c> problem naming the setting, with nothing started or stored, and <c>GET /api/job-types</c>
/// says which types this host can run.
/// </summary>
public sealed class RequiredSettingsTests
{
    [Fact]
    public async Task CrmSync_WithoutCrmBaseUrl_Is503NamingTheSetting_NothingStartedOrStored()
    {
        await using var server = await ServerHost.StartAsync();
        var blob = await server.UploadAsync("externalId,email\nc1,a@example.com\n");

        await server.AssertRefusedAsync("/api/jobs/crm-sync", "application/json", $$"""{"blob":"{{blob}}"}""", 503, "Crm:BaseUrl", "no CRM configured");

        // A keyed start stores its idempotency record before it schedules: the refusal comes first.
        var files = server.CountBlobFiles();
        using var keyed = await server.PostJsonAsync("/api/jobs/crm-sync", new { blob }, idempotencyKey: "crm-door-1");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, keyed.StatusCode);
        Assert.Equal(files, server.CountBlobFiles());
        Assert.Equal(0, await server.CountInstancesAsync());
    }

    [Fact]
    public async Task Inference_WithoutInferenceBaseUrl_Is503NamingTheSetting_AndTheUploadIsKept()
    {
        await using var server = await ServerHost.StartAsync();
        var blob = await server.UploadAsync("{\"id\":\"q1\",\"prompt\":\"hello\"}\n", "application/x-ndjson");

        await server.AssertRefusedAsync("/api/jobs/inference", "application/json", $$"""{"blob":"{{blob}}","mode":"chat","model":"gpt-4o-mini"}""", 503, "Inference:BaseUrl", "no model endpoint configured");

        Assert.True(await server.Blobs.ExistsAsync(blob));
    }

    [Fact]
    public async Task BadRequest_ToATypeThisHostCannotRun_IsStill400NamingTheField()
    {
        await using var server = await ServerHost.StartAsync();

        // A request that is wrong is wrong on every host: the client learns that before the host's state.
        await server.AssertRefusedAsync("/api/jobs/crm-sync", "application/json", """{"blob":"uploads/none.csv"}""", 400, "blob", "no such upload");
    }

    [Fact]
    public async Task JobTypes_SaysWhichTypesThisHostCanRun_AndWhatIsMissing()
    {
        await using var bare = await ServerHost.StartAsync();
        var types = await TypesAsync(bare);

        Assert.Equal((false, "Crm:BaseUrl", "Crm:BaseUrl"), Availability(types["crm-sync"]));
        Assert.Equal((false, "Inference:BaseUrl", "Inference:BaseUrl"), Availability(types["inference"]));
        Assert.All(["bulk-email", "documents", "reports"], name => Assert.Equal((true, "", ""), Availability(types[name])));

        await using var crm = await CrmStandIn.StartAsync();
        await using var configured = await ServerHost.StartAsync(new Dictionary<string, string?> { ["Crm:BaseUrl"] = crm.BaseUrl });
        Assert.Equal((true, "Crm:BaseUrl", ""), Availability((await TypesAsync(configured))["crm-sync"]));
    }

    [Fact]
    public async Task Retry_OfAJobWhoseSettingIsGone_Is503NamingIt_AndStartsNothing_ThenRunsOnceItIsBack()
    {
        await using var server = await ServerHost.StartAsync(
            new Dictionary<string, string?> { [GatedJob.Setting] = "present" },
            builder => builder.Services.AddGatedJob());
        using var start = await server.PostJsonAsync($"/api/jobs/{GatedJob.Name}", new { text = "x" });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await OperatedJobs.WaitForEndAsync(server, [id]);
        Assert.Equal("failed", (await OperatedJobs.GetAsync(server, $"/api/jobs/{id}")).GetProperty("status").GetString());

        // The operator removes the setting (a reloadable source, read on every request).
        var configuration = server.Services.GetRequiredService<IConfiguration>();
        configuration[GatedJob.Setting] = null;
        using (var refused = await server.Http.PostAsync(new Uri($"/api/jobs/{id}/retry", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(GatedJob.Setting, out _));
        }

        Assert.Equal(1, await server.CountInstancesAsync());
        using (var startRefused = await server.PostJsonAsync($"/api/jobs/{GatedJob.Name}", new { text = "x" }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, startRefused.StatusCode);
        }

        configuration[GatedJob.Setting] = "back";
        using var retried = await server.Http.PostAsync(new Uri($"/api/jobs/{id}/retry", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(2, await server.CountInstancesAsync());
    }

    private static async Task<Dictionary<string, JsonElement>> TypesAsync(ServerHost server) =>
        (await OperatedJobs.GetAsync(server, "/api/job-types")).EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t);

    /// <summary>Whether the type is available, and its required and missing settings, each list joined by commas.</summary>
    private static (bool Available, string Required, string Missing) Availability(JsonElement type) =>
        (type.GetProperty("available").GetBoolean(),
         string.Join(',', type.GetProperty("requiredSettings").EnumerateArray().Select(s => s.GetString())),
         string.Join(',', type.GetProperty("missingSettings").EnumerateArray().Select(s => s.GetString())));
}
