using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.BulkEmail;

/// <summary>The <c>{JobTypes.BulkEmail}</c> job type: what a host adds with its registration line.</summary>
public static class BulkEmailJob
{
    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<BulkEmailRequest, BulkEmailResult, BulkEmailOrchestrator>(
        JobTypes.BulkEmail,
        channels => new BulkEmailOrchestrator(channels),
        registry => registry
            .AddOrchestrator<SendEmailChunkOrchestrator>()
            .AddActivity<PrepareEmailBatchesActivity>()
            .AddActivity<SendEmailBatchActivity>()
            .AddActivity<CompleteBulkEmailActivity>());
}
