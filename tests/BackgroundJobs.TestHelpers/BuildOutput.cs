namespace BackgroundJobs.TestHelpers;

/// <summary>Another project's build output, of the configuration the tests were built in (the solution builds them together).</summary>
public static class BuildOutput
{
    /// <param name="projectFolder">The project's folder from the repository root, e.g. <c>src/BackgroundJobs.Server</c>.</param>
    public static string Dll(string projectFolder, string dll)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        var path = RepositoryRoot.Combine(projectFolder, "bin", configuration, framework, dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build it first (dotnet build Functions.sln): {path} is missing.", path);
    }
}
