using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.CrmSync;

/// <summary>The <c>{JobTypes.CrmSync}</c> job type: what a host adds with its registration line.</summary>
public static class CrmSyncJob
{
    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<CrmSyncRequest, CrmSyncResult, CrmSyncOrchestrator>(
        JobTypes.CrmSync,
        channels => new CrmSyncOrchestrator(channels),
        registry => registry
            .AddActivity<ReadCrmSegmentActivity>()
            .AddActivity<UpsertCrmBatchActivity>()
            .AddActivity<FailCrmBatchActivity>()
            .AddActivity<CompleteCrmSyncActivity>(),
        requires: ["Crm:BaseUrl"]);
}
