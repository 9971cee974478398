namespace BackgroundJobs.Core.Email;

public enum EmailSendOutcome
{
    /// <summary>The provider took the batch (2xx). It must never be sent again.</summary>
    Accepted,

    /// <summary>Rate limited, a 5xx, a timeout or a lost connection: worth another try.</summary>
    Transient,

    /// <summary>Any other 4xx: the request itself is wrong, so retrying would fail the same way.</summary>
    Rejected,
}
