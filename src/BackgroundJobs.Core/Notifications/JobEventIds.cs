using System.Security.Cryptography;
using System.Text;
using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Notifications;

/// <summary>
/// Ids of progress events, derived from what they report, so that the webhook sent by the job and
/// the Server-Sent Events stream (which reads the job's status on its own) give one report one id.
/// </summary>
public static class JobEventIds
{
    public static string ForProgress(string jobId, JobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var text = $"{jobId}|progress|{progress.Stage}|{progress.Done}|{progress.Total}";
        return "evt_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
