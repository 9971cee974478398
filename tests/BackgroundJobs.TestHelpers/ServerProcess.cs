using System.Globalization;

namespace BackgroundJobs.TestHelpers;

/// <summary>
/// The built server (<c>src/BackgroundJobs.Server</c>, run as <c>dotnet BackgroundJobs.Server.dll</c>)
/// as a child process on a free port, configured through environment variables as an operator
/// would, started and waited for until <c>/healthz</c> answers. Its log lines are kept for a failing
/// test's message; <see cref="ChildProcess.Kill"/> is a crash, <see cref="ChildProcess.TerminateAsync"/>
/// a graceful stop.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    public const string ApiKey = "process-test-key-0123456789";

    private ServerProcess(ChildProcess process, Uri baseAddress)
    {
        Process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add("x-functions-key", ApiKey);
    }

    public ChildProcess Process { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client with the API key; its base address is this server.</summary>
    public HttpClient Http { get; }

    /// <summary>
    /// The server's own build output, of the configuration the tests were built in (the solution
    /// builds it with them).
    /// </summary>
    public static string DllPath => BuildOutput.Dll("src/BackgroundJobs.Server", "BackgroundJobs.Server.dll");

    /// <param name="name">Names the process's lines in a failure message.</param>
    /// <param name="settings">Configuration keys (<c>Engine:Kind</c>) on top of a production setup with <see cref="ApiKey"/>.</param>
    public static async Task<ServerProcess> StartAsync(string name, IReadOnlyDictionary<string, string?> settings, TimeSpan? startTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}"));
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Auth__ApiKeys__0"] = ApiKey,
            ["Email__From"] = "jobs@example.com",
            ["AllowedHosts"] = "127.0.0.1",

            // One line per message, so each is attributable and easy to search.
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var dll = DllPath;
        var child = ChildProcess.Start(name, "dotnet", [dll, "--urls", baseAddress.ToString()], environment, Path.GetDirectoryName(dll));
        var server = new ServerProcess(child, baseAddress);
        try
        {
            await server.WaitHealthyAsync(startTimeout ?? TimeSpan.FromSeconds(90));
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Polls <c>/healthz</c> until it answers 200; fails with the server's output if the process ends first.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"Server {Process.Name} exited with {Process.ExitCode} before it was healthy:{Environment.NewLine}{Process.Tail()}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Server {Process.Name} not healthy within {timeout}:{Environment.NewLine}{Process.Tail()}");
            }

            await Task.Delay(200);
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        Process.Dispose();
    }
}
