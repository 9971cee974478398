using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.Documents;

public sealed record ExtractPdfPagesInput(JobRun Run, string Blob, PageRange Pages);
