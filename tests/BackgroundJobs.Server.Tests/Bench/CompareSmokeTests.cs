using System.Text.Json;
using BackgroundJobs.TestHelpers;
using Xunit.Abstractions;

namespace BackgroundJobs.Server.Tests.Bench;

/// <summary>
/// <c>bench/compare.sh</c> at tiny sizes, ours alone (<c>--peers none</c>: the peers need Redis,
/// which CI does not have), so the side-by-side harness cannot rot between full runs. It runs the
/// bench as built with the tests, through the script a person runs.
/// </summary>
public class CompareSmokeTests(ITestOutputHelper output)
{
    private static readonly string[] Figures = ["bulk_email", "jobs_end_to_end", "fan_out", "start_latency_p50", "start_latency_p99"];

    [Fact]
    public async Task CompareWithoutPeers_TinySizes_PrintsEveryFigureWithOurValueAndNoRatio()
    {
        var bench = BuildOutput.Dll("bench/BackgroundJobs.Bench", "BackgroundJobs.Bench.dll");
        using var run = ChildProcess.Start(
            "compare",
            RepositoryRoot.Combine("bench", "compare.sh"),
            ["--peers", "none", "--rounds", "1", "--reps", "1", "--warm-up-seconds", "0", "--recipients", "2000", "--jobs", "100", "--fan-out", "50", "--latency-starts", "20"],
            new Dictionary<string, string?> { ["BENCH_DLL"] = bench },
            RepositoryRoot.Path);
        var exited = await run.WaitForExitAsync(TimeSpan.FromMinutes(3));
        foreach (var line in run.Output)
        {
            output.WriteLine(line);
        }

        Assert.True(exited, "compare.sh did not finish in 3 minutes.");
        Assert.Equal(0, run.ExitCode);
        var figures = run.Output
            .Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]) // after the time ChildProcess puts first
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("figure").GetString() == "compare")
            .ToDictionary(l => l.GetProperty("workload").GetString()!);
        Assert.Equal(Figures.Order(), figures.Keys.Order());
        foreach (var figure in figures.Values)
        {
            Assert.True(figure.GetProperty("ours").GetDouble() > 0, figure.ToString());
            Assert.False(figure.TryGetProperty("ratio", out _), "No peer ran, so there is no ratio: " + figure);
        }

        Assert.Equal(2000, figures["bulk_email"].GetProperty("n").GetInt32());
        Assert.Equal("<= 1.0", figures["bulk_email"].GetProperty("goal").GetString());
        Assert.Equal("jobs/s", figures["jobs_end_to_end"].GetProperty("unit").GetString());
    }
}
