using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>Read up to <paramref name="MaxBatches"/> batches of records from <paramref name="ByteOffset"/> on.</summary>
public sealed record ReadCrmSegmentInput(JobRun Run, string Blob, int Segment, long ByteOffset, long Line, int MaxBatches);
