using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.StandIns;

/// <summary>The Kestrel host every stand-in runs on: no logging, no settings files watched.</summary>
public static class StandInHost
{
    /// <summary>
    /// A slim builder listening on <paramref name="url"/>. A stand-in reads no settings, and the
    /// default builder would watch <c>appsettings.json</c> through a watcher on the whole working
    /// folder and everything under it: from a benchmark started in a busy folder (or one where a
    /// server writes its blobs), an inotify watch per folder, paid while the figures are taken.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string url)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        return builder;
    }
}
