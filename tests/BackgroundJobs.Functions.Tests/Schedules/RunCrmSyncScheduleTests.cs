using System.Text.Json;

namespace BackgroundJobs.Functions.Tests.Schedules;

/// <summary>
/// The timer trigger cannot be fired here (no Functions host), so what the host relies on is checked:
/// the trigger is in <c>functions.metadata</c> with its schedule taken from <c>Crm:Schedule:Cron</c>
/// (the sample settings' cron is checked in <c>SettingsFilesTests</c>).
/// </summary>
public class RunCrmSyncScheduleTests
{
    [Fact]
    public void FunctionsMetadata_ListsTheCrmScheduleTimer_WithItsCronFromSettings()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));

        var function = Assert.Single(metadata.RootElement.EnumerateArray(), f => f.GetProperty("name").GetString() == "RunCrmSyncSchedule");
        var trigger = Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "timerTrigger");
        Assert.Equal("%Crm:Schedule:Cron%", trigger.GetProperty("schedule").GetString());
    }
}
