using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.CrmSync;

/// <summary>The <c>crm-sync</c> job type: what a host adds with its registration line.</summary>
public static class CrmSyncJob
{
    public const string Name = "crm-sync";

    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<CrmSyncRequest, CrmSyncResult, CrmSyncOrchestrator>(
        Name,
        channels => new CrmSyncOrchestrator(channels),
        registry => registry
            .AddActivity<ReadCrmSegmentActivity>()
            .AddActivity<UpsertCrmBatchActivity>()
            .AddActivity<FailCrmBatchActivity>()
            .AddActivity<CompleteCrmSyncActivity>(),
        requires: ["Crm:BaseUrl"]);
}
