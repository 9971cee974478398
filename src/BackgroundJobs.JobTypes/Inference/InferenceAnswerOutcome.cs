namespace BackgroundJobs.JobTypes.Inference;

/// <summary>How one model request went.</summary>
public enum InferenceAnswerOutcome
{
    /// <summary>The model answered (2xx).</summary>
    Answered,

    /// <summary>The call provably did not run: 429, 408, 409, or the request never left (connection refused, DNS failure). A later attempt may succeed.</summary>
    Transient,

    /// <summary>Any other 4xx: this item will be refused again, so it fails.</summary>
    Rejected,

    /// <summary>
    /// The call may have run (and been billed) without an answer coming back: a timeout after the
    /// request was (or may have been) written, a connection reset mid-request, or a 5xx.
    /// </summary>
    Unknown,
}
