using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Server.Tests.OpenApi;

/// <summary>The npm command-line tools package.json installs (npm ci), run from the repository's node_modules.</summary>
internal static class NodeTools
{
    public static ChildProcess Start(string tool, IEnumerable<string> arguments)
    {
        var path = RepositoryRoot.Combine("node_modules", ".bin", tool);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: run npm ci at the repository root (package.json lists {tool}).");
        }

        return ChildProcess.Start(tool, path, arguments, new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" }, RepositoryRoot.Path);
    }
}
