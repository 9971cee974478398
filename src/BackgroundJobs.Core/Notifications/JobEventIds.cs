using System.Security.Cryptography;
using System.Text;
using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Notifications;

/// <summary>
/// Ids of events the Server-Sent Events stream tells from the job's status rather than from a
/// recorded event: derived from what they report, so that a report keeps its id however often it is
/// read (and a progress webhook sent by the job has the same one).
/// </summary>
public static class JobEventIds
{
    public static string ForProgress(string jobId, JobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return Hash($"{jobId}|progress|{progress.Stage}|{progress.Done}|{progress.Total}");
    }

    /// <summary>The ending of a job nobody was notified of (so none was recorded); a restarted job's next ending differs by its start.</summary>
    public static string ForUnannouncedEnding(string jobId, JobStatus status, DateTimeOffset startedAt) =>
        Hash($"{jobId}|ending|{status}|{startedAt.UtcTicks}");

    private static string Hash(string text) => "evt_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
