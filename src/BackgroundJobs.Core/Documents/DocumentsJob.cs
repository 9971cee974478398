using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Documents;

/// <summary>The <c>{JobTypes.Documents}</c> job type: what a host adds with its registration line.</summary>
public static class DocumentsJob
{
    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<DocumentRequest, DocumentResult, DocumentOrchestrator>(
        JobTypes.Documents,
        channels => new DocumentOrchestrator(channels),
        registry => registry
            .AddOrchestrator<ExtractPdfChunkOrchestrator>()
            .AddActivity<InspectDocumentActivity>()
            .AddActivity<ExtractPdfPagesActivity>()
            .AddActivity<ResizeImageActivity>()
            .AddActivity<CompleteDocumentActivity>());
}
