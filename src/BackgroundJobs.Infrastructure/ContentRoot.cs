using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackgroundJobs.Infrastructure;

/// <summary>
/// Relative folders in configuration (<c>.data/blobs</c>) mean "beside the app": the host's content
/// root when there is a host, else the current directory, so a service started from another folder
/// still finds its data.
/// </summary>
internal static class ContentRoot
{
    public static string Resolve(IServiceProvider services, string path)
    {
        if (Path.IsPathFullyQualified(path))
        {
            return Path.GetFullPath(path);
        }

        var root = services.GetService<IHostEnvironment>()?.ContentRootPath;
        return Path.GetFullPath(path, string.IsNullOrEmpty(root) ? Directory.GetCurrentDirectory() : root);
    }
}
