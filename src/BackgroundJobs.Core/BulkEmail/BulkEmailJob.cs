using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.BulkEmail;

/// <summary>The <c>bulk-email</c> job type: what a host adds with its registration line.</summary>
public static class BulkEmailJob
{
    public const string Name = "bulk-email";

    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<BulkEmailRequest, BulkEmailResult, BulkEmailOrchestrator>(
        Name,
        channels => new BulkEmailOrchestrator(channels),
        registry => registry
            .AddOrchestrator<SendEmailChunkOrchestrator>()
            .AddActivity<PrepareEmailBatchesActivity>()
            .AddActivity<SendEmailBatchActivity>()
            .AddActivity<CompleteBulkEmailActivity>());
}
