namespace BackgroundJobs.Api.Dashboard;

/// <summary>One file of the dashboard, read once from the assembly's resources.</summary>
/// <param name="ETag">A strong validator from the content's hash, so a browser revalidates cheaply after a deploy.</param>
public sealed record DashboardAsset(string Name, string ContentType, ReadOnlyMemory<byte> Content, string ETag);
