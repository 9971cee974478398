using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Documents;

public sealed record ExtractPdfPagesInput(JobRun Run, string Blob, PageRange Pages);
