using BackgroundJobs.Core.Notifications;

namespace BackgroundJobs.Server.Tests.Registry;

/// <summary>The request of a job type that only this test project defines.</summary>
public sealed record EchoRequest : IJobRequest
{
    public string? Text { get; init; }

    public int Times { get; init; } = 1;

    public JobCallback? Callback { get; init; }

    public string? NotifyEmail { get; init; }
}
