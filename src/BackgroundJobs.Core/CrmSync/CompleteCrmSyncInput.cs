using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.CrmSync;

public sealed record CompleteCrmSyncInput(JobRun Run, CrmSyncTotals Totals, int Segments);
