using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>A run of pages for one <see cref="ExtractPdfChunkOrchestrator"/>, split by it into ranges of <see cref="PagesPerActivity"/>.</summary>
public sealed record ExtractPdfChunkInput(JobRun Run, string Blob, PageRange Pages, int PagesPerActivity, int MaxParallelRanges);
