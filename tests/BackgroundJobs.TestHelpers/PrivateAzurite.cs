using System.Globalization;

namespace BackgroundJobs.TestHelpers;

/// <summary>
/// An Azurite of a test's own (from the repository's <c>node_modules/.bin/azurite</c>), on free
/// ports with its own data folder, so a test may stop and restart it without disturbing the Azurite
/// the other tests share. A restart listens again on the same ports over the same data.
/// Stopping is SIGTERM, then SIGKILL after a few seconds: on SIGTERM Azurite stops accepting
/// connections but waits for the open keep-alive ones of a busy client, which would make a
/// "10-second outage" last half a minute.
/// </summary>
public sealed class PrivateAzurite : IAsyncDisposable
{
    private readonly TempDirectory data = new();
    private ChildProcess? process;
    private int generation;

    private PrivateAzurite()
    {
        (BlobPort, QueuePort, TablePort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>The well-known development account (its key is public, not a secret) on this instance's ports.</summary>
    public string ConnectionString => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;");

    /// <summary>What it printed, across restarts.</summary>
    public string Tail(int count = 50) => process?.Tail(count) ?? string.Empty;

    public static async Task<PrivateAzurite> StartAsync()
    {
        var azurite = new PrivateAzurite();
        try
        {
            await azurite.RestartAsync();
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts it (again) on its ports and data folder, and waits until all three services accept connections.</summary>
    public async Task RestartAsync()
    {
        var executable = RepositoryRoot.Combine("node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException("Azurite is not installed: run `npm ci` at the repository root (scripts/test.sh does).", executable);
        }

        process?.Dispose();
        process = ChildProcess.Start(
            string.Create(CultureInfo.InvariantCulture, $"azurite-{++generation}"),
            executable,
            [
                "--silent", "--skipApiVersionCheck", "--location", data.Path,
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(CultureInfo.InvariantCulture),
            ]);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await FreePort.IsOpenAsync(BlobPort) && await FreePort.IsOpenAsync(QueuePort) && await FreePort.IsOpenAsync(TablePort)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Azurite did not start on {BlobPort}-{TablePort}:{Environment.NewLine}{process.Tail()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Stops it (SIGTERM, then SIGKILL after 5 s) and waits until it has exited.</summary>
    public async Task StopAsync()
    {
        if (process is null || process.HasExited)
        {
            return;
        }

        await process.TerminateAsync();
        if (!await process.WaitForExitAsync(TimeSpan.FromSeconds(5)))
        {
            process.Kill();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process?.Dispose();
        data.Dispose();
    }
}
