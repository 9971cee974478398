using System.Text.Json;
using System.Text.RegularExpressions;

namespace BackgroundJobs.Functions.Tests.Hosting;

/// <summary>host.json reads app settings by <c>%Name%</c>; a name missing from the sample breaks <c>func start</c> for the next developer.</summary>
public sealed partial class SettingsFilesTests
{
    [Fact]
    public void HostJson_EverySettingItReferences_IsInTheSampleSettings()
    {
        var hostJson = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json"));
        var sample = SampleValues();

        var referenced = SettingReference().Matches(hostJson).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.All(referenced, name => Assert.Contains(name, sample.Keys));
    }

    [Fact]
    public void SampleSettings_RunTheIsolatedWorkerAgainstAzurite()
    {
        var sample = SampleValues();

        Assert.Equal("dotnet-isolated", sample["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("UseDevelopmentStorage=true", sample["AzureWebJobsStorage"]);
        Assert.Equal("UseDevelopmentStorage=true", sample["Storage__ConnectionString"]);
    }

    private static Dictionary<string, string?> SampleValues()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString(), StringComparer.Ordinal);
    }

    [Fact]
    public void SampleSettings_CrmScheduleCron_IsASixFieldCron_WithoutWhichTheTimerTriggerCannotStart()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "local.settings.sample.json")));

        var cron = document.RootElement.GetProperty("Values").GetProperty("Crm__Schedule__Cron").GetString()!;

        Assert.NotNull(Cronos.CronExpression.Parse(cron, Cronos.CronFormat.IncludeSeconds));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Functions.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("%([A-Za-z0-9_]+)%")]
    private static partial Regex SettingReference();
}
