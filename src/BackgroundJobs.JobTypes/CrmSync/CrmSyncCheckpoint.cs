namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// The cursor a CRM sync carries from one orchestration generation to the next, so that each
/// generation's history holds one segment and a million-record file never grows one history.
/// </summary>
/// <param name="RunId">Drawn once, in the first generation, from the orchestration context.</param>
/// <param name="Segment">The segment the next generation reads (0-based).</param>
/// <param name="ByteOffset">Where in the file that segment starts.</param>
/// <param name="Line">The last line number read so far (1-based lines), for error reports.</param>
/// <param name="FileBytes">The file's size when the store knows it, so progress has a total from a generation's start.</param>
public sealed record CrmSyncCheckpoint(string RunId, int Segment, long ByteOffset, long Line, CrmSyncTotals Totals, long? FileBytes = null);
