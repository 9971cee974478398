using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Server.Tests.Hosting;

/// <summary>
/// The server does not watch its settings files: the watcher would watch the whole content root,
/// where the default data folder is, and add an inotify watch for every folder every job writes.
/// </summary>
public sealed class SettingsFileWatchTests
{
    [Fact]
    public async Task Server_ReadsAppSettingsOnce_AndDoesNotWatchTheContentRoot()
    {
        await using var server = await ServerHost.StartAsync();

        var configuration = (IConfigurationRoot)server.Services.GetRequiredService<IConfiguration>();
        var jsonFiles = configuration.Providers.OfType<JsonConfigurationProvider>().Select(p => p.Source).ToList();

        Assert.Contains(jsonFiles, source => source.Path == "appsettings.json");
        Assert.All(jsonFiles, source => Assert.False(source.ReloadOnChange, $"{source.Path} is watched for changes"));
    }

    [Fact]
    public async Task Server_StillWatches_WhenTheCommandLineAsksForIt()
    {
        await using var app = BackgroundJobsServer.Create(["--hostBuilder:reloadConfigOnChange=true", "--environment", "Development"]);

        var configuration = (IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>();

        Assert.Contains(configuration.Providers.OfType<JsonConfigurationProvider>(), p => p.Source.ReloadOnChange);
    }
}
