namespace BackgroundJobs.Core.Email;

public enum EmailSendOutcome
{
    /// <summary>The provider took the batch (2xx). It must never be sent again.</summary>
    Accepted,

    /// <summary>
    /// The provider provably did not take the batch: the request never left (connection refused,
    /// DNS failure) or was refused as a whole (429, 408). Worth another try.
    /// </summary>
    Transient,

    /// <summary>Any other 4xx: the request itself is wrong, so retrying would fail the same way.</summary>
    Rejected,

    /// <summary>
    /// The request may have reached the provider, and no answer says whether it was taken: a timeout
    /// after it was (or may have been) written, a connection reset or closed mid-request, or a 5xx
    /// (a proxy or the provider may have passed it on). Sending it again may mail everyone twice.
    /// </summary>
    Unknown,
}
