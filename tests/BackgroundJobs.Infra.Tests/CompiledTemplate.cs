using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Infra.Tests;

/// <summary>
/// infra/main.bicep compiled once per test class by the bicep CLI from the NuGet package (never one
/// on PATH, never skipped: a missing binary fails every test that uses this).
/// </summary>
public sealed class CompiledTemplate
{
    public CompiledTemplate()
    {
        var bicep = BicepPath();
        using var output = new TempDirectory();
        var outFile = output.Combine("main.json");
        var start = new ProcessStartInfo(bicep)
        {
            ArgumentList = { "build", RepositoryRoot.Combine("infra", "main.bicep"), "--outfile", outFile },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {bicep}.");
        var standardError = process.StandardError.ReadToEndAsync();
        StandardOutput = process.StandardOutput.ReadToEnd();
        StandardError = standardError.GetAwaiter().GetResult();
        process.WaitForExit();
        ExitCode = process.ExitCode;
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed ({ExitCode}):\n{StandardError}");
        }

        Template = new ArmTemplate(JsonNode.Parse(File.ReadAllText(outFile))!.AsObject());
    }

    public ArmTemplate Template { get; }

    public int ExitCode { get; }

    /// <summary>Where bicep writes linter diagnostics.</summary>
    public string StandardError { get; }

    public string StandardOutput { get; }

    private static string BicepPath()
    {
        var path = typeof(CompiledTemplate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The bicep CLI is missing (looked for '{path}'). It comes from the NuGet package Azure.Bicep.CommandLine.linux-x64: run dotnet restore on tests/BackgroundJobs.Infra.Tests.");
        }

        // A package extractor that drops the execute bit would otherwise fail with a bare "permission denied".
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        return path;
    }
}
