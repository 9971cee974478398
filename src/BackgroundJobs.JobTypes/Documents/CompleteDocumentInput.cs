using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.Documents;

public sealed record CompleteDocumentInput(
    JobRun Run,
    string Blob,
    DocumentInspection Inspection,
    IReadOnlyList<PdfPagesResult>? Ranges = null,
    IReadOnlyList<ImageVariant>? Variants = null);
