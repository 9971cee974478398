namespace BackgroundJobs.Server.Tests.Hostile;

/// <summary>One malformed or hostile request of the corpus; <see cref="Name"/> says what it tries.</summary>
public sealed record HostileRequest(string Name, HttpMethod Method, string Path, string? ContentType, byte[] Body)
{
    /// <summary>A <c>Host</c> header to send instead of the server's own; null sends the real one.</summary>
    public string? Host { get; init; }

    public override string ToString() => $"{Name}: {Method} {Path}";
}
