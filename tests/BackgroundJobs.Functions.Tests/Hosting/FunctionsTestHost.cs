using System.Reflection;
using BackgroundJobs.Functions;
using BackgroundJobs.Functions.Jobs;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackgroundJobs.Functions.Tests.Hosting;

/// <summary>
/// Builds the Functions host the way <c>Program</c> does, without starting it (there is no Functions
/// host to talk to here).
/// </summary>
internal static class FunctionsTestHost
{
    public static readonly Assembly FunctionsAssembly = typeof(StartJob).Assembly;

    /// <param name="settings">App settings, as the Functions host would pass them in the environment.</param>
    /// <param name="overrides">Test doubles, registered after the app's own services so they win.</param>
    /// <param name="environment">
    /// The host environment, as <c>AZURE_FUNCTIONS_ENVIRONMENT</c> sets it (<c>func start</c> sets
    /// Development); set here rather than in the process environment, which parallel tests share.
    /// </param>
    public static IHost Build(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? overrides = null, string environment = "Production")
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Environment.EnvironmentName = environment;
        builder.Configuration.AddInMemoryCollection(settings ?? DefaultSettings());
        RunGeneratedExtensionStartup(builder);
        builder.ConfigureBackgroundJobs();
        overrides?.Invoke(builder.Services);
        return builder.Build();
    }

    public static Dictionary<string, string?> DefaultSettings() => new()
    {
        // Clients are created lazily; nothing here connects to Azurite or SendGrid.
        ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        ["SendGrid:ApiKey"] = "SG.test-key",
    };

    /// <summary>
    /// The worker runs the extensions' start-up code (the Durable extension's
    /// <c>ConfigureDurableExtension</c>: metadata transformer, client converter, middleware) through a
    /// class the SDK generates into the Functions assembly, found from <c>Assembly.GetEntryAssembly()</c>.
    /// Under the test runner the entry assembly is the runner, so run the Functions assembly's own.
    /// </summary>
    private static void RunGeneratedExtensionStartup(FunctionsApplicationBuilder builder)
    {
        var info = FunctionsAssembly.GetCustomAttribute<WorkerExtensionStartupCodeExecutorInfoAttribute>()
            ?? throw new InvalidOperationException("The Functions assembly has no generated extension start-up code; is the Worker SDK's generator off?");
        var startup = (WorkerExtensionStartup)Activator.CreateInstance(info.StartupCodeExecutorType)!;
        startup.Configure(builder);
    }
}
