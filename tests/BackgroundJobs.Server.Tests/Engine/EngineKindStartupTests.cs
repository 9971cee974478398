using System.Globalization;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Server.Tests.Engine;

/// <summary>
/// The in-memory engine loses every job when the server stops. Outside Development the built
/// server, started as an operator starts it, must not fall into it because <c>Engine:Kind</c> was
/// forgotten, and says so in its log when it is chosen.
/// </summary>
public class EngineKindStartupTests
{
    [Fact]
    public async Task Start_InProductionWithoutEngineKind_ExitsNonZeroNamingEngineKind()
    {
        // Arrange: everything else a production start needs, so Engine:Kind is the only thing missing.
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Auth__ApiKeys__0"] = ServerProcess.ApiKey,
            ["Email__From"] = "jobs@example.com",
            ["AllowedHosts"] = "127.0.0.1",
            ["Engine__Kind"] = null,
        };
        var dll = ServerProcess.DllPath;
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}");

        // Act
        using var server = ChildProcess.Start("no-engine-kind", "dotnet", [dll, "--urls", url], environment, Path.GetDirectoryName(dll));
        var exited = await server.WaitForExitAsync(TimeSpan.FromSeconds(90));

        // Assert
        Assert.True(exited, $"The server kept running without Engine:Kind:{Environment.NewLine}{server.Tail()}");
        Assert.NotEqual(0, server.ExitCode);
        Assert.Contains(server.Output, line => line.Contains("Engine:Kind must be set outside Development", StringComparison.Ordinal));
        Assert.False(await FreePort.IsOpenAsync(new Uri(url).Port), "Nothing should be listening.");
    }

    [Fact]
    public async Task Start_InProductionWithEngineKindInMemory_StartsAndLogsAWarning()
    {
        // Act
        using var server = await ServerProcess.StartAsync("in-memory-chosen", new Dictionary<string, string?> { ["Engine:Kind"] = "InMemory" });

        // Assert: the server works, and its log warns the operator.
        using var health = await server.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.True(health.IsSuccessStatusCode);

        // The console logger writes from a queue of its own: give the line a moment to arrive.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!server.Process.Output.Any(IsWarning) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(server.Process.Output.Any(IsWarning), $"No warning about the in-memory engine:{Environment.NewLine}{server.Process.Tail()}");
    }

    private static bool IsWarning(string line) =>
        line.Contains("warn:", StringComparison.Ordinal)
        && line.Contains("Engine:Kind=InMemory in Production", StringComparison.Ordinal)
        && line.Contains("lost", StringComparison.Ordinal);
}
