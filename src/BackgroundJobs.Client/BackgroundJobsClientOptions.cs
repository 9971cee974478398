namespace BackgroundJobs.Client;

/// <summary>Where the API is, its key, and how <c>WaitForCompletionAsync</c> polls.</summary>
public sealed class BackgroundJobsClientOptions
{
    /// <summary>The host's base address, e.g. <c>http://localhost:5080/</c>; the client appends <c>api/...</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>A key from <c>Auth:ApiKeys</c> (server) or a function key (Functions), sent as <c>x-functions-key</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The first wait between polls when the server names none (no <c>Retry-After</c>).</summary>
    public TimeSpan InitialPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Polls back off (doubling) up to this wait.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(10);
}
