using System.Text.Json;

namespace BackgroundJobs.Functions.Tests.Schedules;

/// <summary>
/// The schedule routes and the one-minute timer as the Functions host learns them, from the
/// <c>functions.metadata</c> the build wrote (no Functions host runs here).
/// </summary>
public class ScheduleFunctionsMetadataTests
{
    private static List<JsonElement> Functions()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        return metadata.RootElement.EnumerateArray().Select(f => f.Clone()).ToList();
    }

    [Theory]
    [InlineData("ListSchedules", "get", "schedules")]
    [InlineData("GetSchedule", "get", "schedules/{name}")]
    [InlineData("PutSchedule", "put", "schedules/{name}")]
    [InlineData("DeleteSchedule", "delete", "schedules/{name}")]
    [InlineData("PauseSchedule", "post", "schedules/{name}/pause")]
    [InlineData("ResumeSchedule", "post", "schedules/{name}/resume")]
    [InlineData("TriggerSchedule", "post", "schedules/{name}/trigger")]
    [InlineData("PutUpload", "put", "uploads/{name}")]
    public void FunctionsMetadata_ListsTheScheduleRoute(string name, string method, string route)
    {
        var function = Assert.Single(Functions(), f => f.GetProperty("name").GetString() == name);
        var trigger = Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "httpTrigger");

        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void FunctionsMetadata_ListsTheScheduleTimer_EveryMinute_OnWithoutSettings_WithADurableClient()
    {
        var function = Assert.Single(Functions(), f => f.GetProperty("name").GetString() == "RunDueSchedules");
        var bindings = function.GetProperty("bindings").EnumerateArray().ToList();

        Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "timerTrigger" && b.GetProperty("schedule").GetString() == "0 */1 * * * *");
        Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "durableClient");
    }
}
