using BackgroundJobs.Core.BulkEmail;
using BackgroundJobs.Core.CrmSync;
using BackgroundJobs.Core.Documents;
using BackgroundJobs.Core.Inference;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Reports;
using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.Core;

/// <summary>The one registration of every orchestrator and activity, used by both hosts.</summary>
public static class BackgroundJobTasks
{
    /// <param name="channels">
    /// The host's own event channels, handed to each job orchestrator as it is created: the framework
    /// creates orchestrators itself, never from the host's services.
    /// </param>
    public static DurableTaskRegistry AddBackgroundJobTasks(this DurableTaskRegistry registry, JobEventChannels channels)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(channels);
        return registry
            .AddActivity<RecordTaskGaveUpActivity>()
            .AddOrchestrator(nameof(BulkEmailOrchestrator), () => new BulkEmailOrchestrator(channels))
            .AddOrchestrator<SendEmailChunkOrchestrator>()
            .AddActivity<PrepareEmailBatchesActivity>()
            .AddActivity<SendEmailBatchActivity>()
            .AddActivity<CompleteBulkEmailActivity>()
            .AddOrchestrator<JobNotificationOrchestrator>()
            .AddOrchestrator<WebhookDeliveryOrchestrator>()
            .AddActivity<PrepareJobNotificationActivity>()
            .AddActivity<PublishJobEventActivity>()
            .AddActivity<SendJobEventEmailActivity>()
            .AddActivity<AttemptWebhookDeliveryActivity>()
            .AddOrchestrator(nameof(DocumentOrchestrator), () => new DocumentOrchestrator(channels))
            .AddOrchestrator<ExtractPdfChunkOrchestrator>()
            .AddActivity<InspectDocumentActivity>()
            .AddActivity<ExtractPdfPagesActivity>()
            .AddActivity<ResizeImageActivity>()
            .AddActivity<CompleteDocumentActivity>()
            .AddOrchestrator(nameof(CrmSyncOrchestrator), () => new CrmSyncOrchestrator(channels))
            .AddActivity<ReadCrmSegmentActivity>()
            .AddActivity<UpsertCrmBatchActivity>()
            .AddActivity<FailCrmBatchActivity>()
            .AddActivity<CompleteCrmSyncActivity>()
            .AddOrchestrator(nameof(InferenceOrchestrator), () => new InferenceOrchestrator(channels))
            .AddActivity<PrepareInferenceActivity>()
            .AddActivity<RunInferenceChunkActivity>()
            .AddActivity<FailInferenceChunkActivity>()
            .AddActivity<CompleteInferenceActivity>()
            .AddOrchestrator(nameof(ReportOrchestrator), () => new ReportOrchestrator(channels))
            .AddActivity<PlanReportActivity>()
            .AddActivity<WriteReportPartActivity>()
            .AddActivity<MergeReportPartsActivity>();
    }
}
