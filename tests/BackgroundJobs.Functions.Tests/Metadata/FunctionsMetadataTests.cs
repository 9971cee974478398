using System.Globalization;
using System.Reflection;
using System.Text.Json;
using BackgroundJobs.Functions.Tests.Hosting;
using Microsoft.Azure.Functions.Worker;

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
    [InlineData("StartBulkEmail", "post", "jobs/bulk-email")]
    [InlineData("GetJob", "get", "jobs/{id}")]
    [InlineData("Upload", "post", "uploads")]
    [InlineData("StartDocumentProcessing", "post", "jobs/documents")]
    [InlineData("DownloadJobResult", "get", "jobs/{id}/results/{*name}")]
    [InlineData("CancelJob", "post", "jobs/{id}/cancel")]
    [InlineData("ListDeliveries", "get", "jobs/{id}/deliveries")]
    [InlineData("Redeliver", "post", "jobs/{id}/deliveries/{deliveryId}/redeliver")]
    [InlineData("StreamJobEvents", "get", "jobs/{id}/events")]
    [InlineData("StartCrmSync", "post", "jobs/crm-sync")]
    [InlineData("StartInference", "post", "jobs/inference")]
    [InlineData("ListSchedules", "get", "schedules")]
    [InlineData("StartReport", "post", "jobs/reports")]
    [InlineData("ListJobTypes", "get", "job-types")]
    public void FunctionsMetadata_ListsTheContractRoute_WithAFunctionKey(string name, string method, string route)
    {
        var function = Assert.Single(HttpTriggersInMetadata(), f => f.Name == name);

        Assert.Equal(route, function.Route);
        Assert.Equal([method], function.Methods);
        Assert.Equal(nameof(AuthorizationLevel.Function), function.AuthLevel);
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
    public void FunctionsMetadata_ListsTheJobHistoryPartActivity_WithAnActivityTriggerAndADurableClient()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath));
        var function = Assert.Single(document.RootElement.EnumerateArray(), f => f.GetProperty("name").GetString() == Core.Reports.ReportTaskNames.WriteJobHistoryPart);
        var bindings = function.GetProperty("bindings").EnumerateArray().ToList();

        Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "activityTrigger");
        Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "durableClient");
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
