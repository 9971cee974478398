namespace BackgroundJobs.Server.Tests.Hostile;

/// <summary>One malformed or hostile request of the corpus; <see cref="Name"/> says what it tries.</summary>
public sealed record HostileRequest(string Name, HttpMethod Method, string Path, string? ContentType, byte[] Body)
{
    public override string ToString() => $"{Name}: {Method} {Path}";
}
