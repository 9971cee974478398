using System.Globalization;
using System.Reflection;
using System.Text.Json;
using BackgroundJobs.Functions.Jobs;
using BackgroundJobs.Functions.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Functions.Tests.Metadata;

/// <summary>
/// The host learns the HTTP functions only from <c>functions.metadata</c>, written by the Worker SDK at
/// build time. These tests read the file the build produced and hold it against the attributes in code.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly string MetadataPath = Path.Combine(AppContext.BaseDirectory, "functions.metadata");

    [Fact]
    public void FunctionsMetadata_EveryHttpTriggerInCode_IsListedWithItsRouteMethodsAndAuthLevel()
    {
        var inCode = HttpTriggersInCode();
        var listed = HttpTriggersInMetadata();

        Assert.NotEmpty(inCode);
        foreach (var expected in inCode)
        {
            var actual = Assert.Single(listed, f => f.Name == expected.Name);
            Assert.True(expected.Matches(actual), $"functions.metadata has {actual}; the code says {expected}.");
        }
    }

    [Fact]
    public void FunctionsMetadata_ListsNoHttpTrigger_ThatIsNotInCode()
    {
        var inCode = HttpTriggersInCode().Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

        var stale = HttpTriggersInMetadata().Where(f => !inCode.Contains(f.Name)).ToList();

        Assert.Empty(stale);
    }

    [Theory]
    [InlineData("StartJob", "post", StartJob.Route)]
    [InlineData("GetJob", "get", "jobs/{id}")]
    [InlineData("Upload", "post", "uploads")]
    [InlineData("DownloadJobResult", "get", "jobs/{id}/results/{*name}")]
    [InlineData("CancelJob", "post", "jobs/{id}/cancel")]
    [InlineData("ListDeliveries", "get", "jobs/{id}/deliveries")]
    [InlineData("Redeliver", "post", "jobs/{id}/deliveries/{deliveryId}/redeliver")]
    [InlineData("StreamJobEvents", "get", "jobs/{id}/events")]
    [InlineData("ListSchedules", "get", "schedules")]
    [InlineData("ListJobTypes", "get", "job-types")]
    public void FunctionsMetadata_ListsTheContractRoute_WithAFunctionKey(string name, string method, string route)
    {
        var function = Assert.Single(HttpTriggersInMetadata(), f => f.Name == name);

        Assert.Equal(route, function.Route);
        Assert.Equal([method], function.Methods);
        Assert.Equal(nameof(AuthorizationLevel.Function), function.AuthLevel);
    }

    /// <summary>
    /// Every URL a per-type trigger answered before there was one start trigger is still a start:
    /// of all the POST routes in the metadata, only <c>StartJob</c>'s takes it.
    /// </summary>
    [Theory]
    [InlineData("jobs/bulk-email")]
    [InlineData("jobs/documents")]
    [InlineData("jobs/crm-sync")]
    [InlineData("jobs/inference")]
    [InlineData("jobs/reports")]
    public void FunctionsMetadata_AnOldStartUrl_IsTakenByStartJobAlone(string path)
    {
        Assert.Equal(["StartJob"], PostFunctionsMatching(path));
    }

    /// <summary>
    /// The host tries routes in the order of the functions' names, not literal-first as ASP.NET Core
    /// does (azure-functions-host issue 9876), so <c>jobs/retry</c> must not match <c>jobs/{type}</c> at all.
    /// </summary>
    [Theory]
    [InlineData("jobs/retry")]
    [InlineData("jobs/Retry")]
    public void FunctionsMetadata_RetryingFailedJobs_IsNotTakenForAJobTypeNamedRetry(string path)
    {
        Assert.Equal(["RetryFailedJobs"], PostFunctionsMatching(path));
    }

    [Fact]
    public void FunctionsMetadata_JobsUnderAnId_AreNotTakenByStartJob()
    {
        Assert.Equal(["CancelJob"], PostFunctionsMatching("jobs/job-1/cancel"));
        Assert.Equal(["RetryJob"], PostFunctionsMatching("jobs/job-1/retry"));
    }

    [Fact]
    public void FunctionsMetadata_ListsTheAlertTimer_EveryMinute_WithADurableClient()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath));
        var function = Assert.Single(document.RootElement.EnumerateArray(), f => f.GetProperty("name").GetString() == "CheckAlerts");
        var bindings = function.GetProperty("bindings").EnumerateArray().ToList();

        Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "timerTrigger" && b.GetProperty("schedule").GetString() == "0 */1 * * * *");
        Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void FunctionsMetadata_ListsThePendingJobsTimer_Every30Seconds_WithADurableClient()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath));
        var function = Assert.Single(document.RootElement.EnumerateArray(), f => f.GetProperty("name").GetString() == "RecordPendingJobs");
        var bindings = function.GetProperty("bindings").EnumerateArray().ToList();

        Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "timerTrigger" && b.GetProperty("schedule").GetString() == "*/30 * * * * *");
        Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void FunctionsMetadata_ListsTheClientActivityFunction_WithAnActivityTriggerAndADurableClient()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath));
        var function = Assert.Single(document.RootElement.EnumerateArray(), f => f.GetProperty("name").GetString() == Api.Jobs.ClientActivityCall.TaskName);
        var bindings = function.GetProperty("bindings").EnumerateArray().ToList();

        Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "activityTrigger");
        Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "durableClient");
    }

    /// <summary>The POST functions whose route, constraints included (resolved as ASP.NET Core routing resolves them), matches the path under /api.</summary>
    private static List<string> PostFunctionsMatching(string path)
    {
        using var routing = new ServiceCollection().AddRouting().BuildServiceProvider();
        var constraints = routing.GetRequiredService<IInlineConstraintResolver>();
        var matching = new List<string>();
        foreach (var function in HttpTriggersInMetadata().Where(f => f.Methods.Contains("post")))
        {
            var template = TemplateParser.Parse(function.Route!);
            var values = new RouteValueDictionary();
            if (!new TemplateMatcher(template, []).TryMatch(new PathString("/" + path), values))
            {
                continue;
            }

            var allowed = template.Parameters.All(parameter => parameter.InlineConstraints.All(inline =>
                constraints.ResolveConstraint(inline.Constraint)!.Match(null, null, parameter.Name!, values, RouteDirection.IncomingRequest)));
            if (allowed)
            {
                matching.Add(function.Name);
            }
        }

        return matching;
    }

    private static List<HttpTriggerDescription> HttpTriggersInCode()
    {
        var triggers = new List<HttpTriggerDescription>();
        foreach (var type in FunctionsTestHost.FunctionsAssembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(a => a is not null);
                if (function is null || trigger is null)
                {
                    continue;
                }

                triggers.Add(new HttpTriggerDescription(
                    function.Name,
                    $"{type.FullName}.{method.Name}",
                    trigger.Route,
                    (trigger.Methods ?? []).Select(m => m.ToLowerInvariant()).ToList(),
                    trigger.AuthLevel.ToString()));
            }
        }

        return triggers;
    }

    private static List<HttpTriggerDescription> HttpTriggersInMetadata()
    {
        Assert.True(File.Exists(MetadataPath), $"{MetadataPath} is missing; the test project copies it from the Functions build output.");
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath));
        var triggers = new List<HttpTriggerDescription>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                if (!string.Equals(binding.GetProperty("type").GetString(), "httpTrigger", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                triggers.Add(new HttpTriggerDescription(
                    function.GetProperty("name").GetString()!,
                    function.GetProperty("entryPoint").GetString()!,
                    binding.TryGetProperty("route", out var route) ? route.GetString() : null,
                    binding.TryGetProperty("methods", out var methods)
                        ? methods.EnumerateArray().Select(m => m.GetString()!.ToLower(CultureInfo.InvariantCulture)).ToList()
                        : [],
                    binding.GetProperty("authLevel").GetString()!));
            }
        }

        return triggers;
    }
}
