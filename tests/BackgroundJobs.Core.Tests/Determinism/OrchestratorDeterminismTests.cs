using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using BackgroundJobs.TestHelpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Tests.Determinism;

/// <summary>
/// Orchestrator determinism is checked by the compiler: the projects under <c>src/</c> reference
/// <c>Microsoft.DurableTask.Analyzers</c> (src/Directory.Build.props), and warnings are errors.
/// These tests take the analyzer the Core project restored (per its lock file, so removing the
/// reference fails them) and run it, as the build does, over small orchestrators.
/// </summary>
public class OrchestratorDeterminismTests
{
    [Fact]
    public async Task Analyzer_OrchestratorReadingDateTimeUtcNow_ReportsDurable0001()
    {
        // Arrange
        const string Source = """
            using System;
            using System.Threading.Tasks;
            using Microsoft.DurableTask;

            public sealed class StampOrchestrator : TaskOrchestrator<string, string>
            {
                public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
                    Task.FromResult(input + DateTime.UtcNow.Ticks);
            }
            """;

        // Act
        var diagnostics = await AnalyzeAsync(Source);

        // Assert
        var diagnostic = Assert.Single(diagnostics, d => d.Id == "DURABLE0001");
        Assert.Contains("DateTime.UtcNow", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyzer_OrchestratorUsingTheContextsClockAndGuids_ReportsNothing()
    {
        // Arrange: what our orchestrators do instead.
        const string Source = """
            using System;
            using System.Threading.Tasks;
            using Microsoft.DurableTask;

            public sealed class StampOrchestrator : TaskOrchestrator<string, string>
            {
                public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
                    Task.FromResult(input + context.CurrentUtcDateTime.Ticks + context.NewGuid());
            }
            """;

        // Act
        var diagnostics = await AnalyzeAsync(Source);

        // Assert
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("DURABLE", StringComparison.Ordinal));
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source)
    {
        var compilation = CSharpCompilation.Create(
            "Determinism",
            [CSharpSyntaxTree.ParseText(source)],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var compileErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(compileErrors.Count == 0, string.Join(Environment.NewLine, compileErrors));

        var analyzers = CoreAnalyzers().GetAnalyzers(LanguageNames.CSharp);
        Assert.NotEmpty(analyzers);
        return await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>The Durable Task analyzer assembly exactly as src/BackgroundJobs.Core restores it.</summary>
    private static AnalyzerFileReference CoreAnalyzers()
    {
        using var lockFile = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("src", "BackgroundJobs.Core", "packages.lock.json")));
        var dependencies = lockFile.RootElement.GetProperty("dependencies").EnumerateObject().Single().Value;
        Assert.True(
            dependencies.TryGetProperty("Microsoft.DurableTask.Analyzers", out var analyzer) && analyzer.GetProperty("type").GetString() == "Direct",
            "src/BackgroundJobs.Core does not reference Microsoft.DurableTask.Analyzers (see src/Directory.Build.props).");
        var version = analyzer.GetProperty("resolved").GetString()!;
        var packageRoot = typeof(OrchestratorDeterminismTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;
        var path = Path.Combine(packageRoot, "microsoft.durabletask.analyzers", version.ToLowerInvariant(), "analyzers", "dotnet", "cs", "Microsoft.DurableTask.Analyzers.dll");
        return new AnalyzerFileReference(path, new AnalyzerAssemblyLoader());
    }

    private static IEnumerable<MetadataReference> References()
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == framework)
            .Append(typeof(TaskOrchestrator<,>).Assembly.Location)
            .Select(path => MetadataReference.CreateFromFile(path));
    }

    private sealed class AnalyzerAssemblyLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
