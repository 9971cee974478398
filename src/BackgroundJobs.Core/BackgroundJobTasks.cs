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
    public static DurableTaskRegistry AddBackgroundJobTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddActivity<RecordTaskGaveUpActivity>()
            .AddOrchestrator<BulkEmailOrchestrator>()
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
            .AddOrchestrator<DocumentOrchestrator>()
            .AddOrchestrator<ExtractPdfChunkOrchestrator>()
            .AddActivity<InspectDocumentActivity>()
            .AddActivity<ExtractPdfPagesActivity>()
            .AddActivity<ResizeImageActivity>()
            .AddActivity<CompleteDocumentActivity>()
            .AddOrchestrator<CrmSyncOrchestrator>()
            .AddActivity<ReadCrmSegmentActivity>()
            .AddActivity<UpsertCrmBatchActivity>()
            .AddActivity<FailCrmBatchActivity>()
            .AddActivity<CompleteCrmSyncActivity>()
            .AddOrchestrator<InferenceOrchestrator>()
            .AddActivity<PrepareInferenceActivity>()
            .AddActivity<RunInferenceChunkActivity>()
            .AddActivity<FailInferenceChunkActivity>()
            .AddActivity<CompleteInferenceActivity>()
            .AddOrchestrator<ReportOrchestrator>()
            .AddActivity<PlanReportActivity>()
            .AddActivity<WriteReportPartActivity>()
            .AddActivity<MergeReportPartsActivity>();
    }
}
