namespace BackgroundJobs.Core.Notifications;

/// <summary>
/// Decides whether a callback URL may be called: https (unless http is allowed) and not resolving to
/// a loopback, private, link-local or metadata address (unless private networks are allowed).
/// Checked when a job is submitted and again before each delivery, because DNS can change.
/// </summary>
public interface ICallbackUrlGuard
{
    /// <summary>Null when the URL may be called, else why not, in words a client can act on.</summary>
    Task<string?> CheckAsync(string url, CancellationToken cancellationToken = default);
}
