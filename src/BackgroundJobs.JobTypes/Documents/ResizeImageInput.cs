using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.Documents;

public sealed record ResizeImageInput(JobRun Run, string Blob, DocumentKind Kind, int Width);
