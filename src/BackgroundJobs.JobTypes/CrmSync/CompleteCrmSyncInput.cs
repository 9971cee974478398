using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.CrmSync;

public sealed record CompleteCrmSyncInput(JobRun Run, CrmSyncTotals Totals, int Segments);
