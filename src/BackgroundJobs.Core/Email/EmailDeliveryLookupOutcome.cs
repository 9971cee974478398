namespace BackgroundJobs.Core.Email;

public enum EmailDeliveryLookupOutcome
{
    /// <summary>The provider holds at least one message carrying the batch id: it accepted the batch.</summary>
    Found,

    /// <summary>The provider holds no message carrying the batch id (its records may lag, so a caller trusts this only some time after the send).</summary>
    NotFound,

    /// <summary>Rate limited, a 5xx, a timeout or no connection: ask again later.</summary>
    Unavailable,

    /// <summary>The lookup cannot be made at all (not configured, the add-on or the key's scope missing).</summary>
    NotSupported,
}
