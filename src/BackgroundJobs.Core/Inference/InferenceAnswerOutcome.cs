namespace BackgroundJobs.Core.Inference;

/// <summary>How one model request went.</summary>
public enum InferenceAnswerOutcome
{
    /// <summary>The model answered (2xx).</summary>
    Answered,

    /// <summary>429, 408, 5xx, a timeout or no connection: a later attempt may succeed.</summary>
    Transient,

    /// <summary>Any other 4xx: this item will be refused again, so it fails.</summary>
    Rejected,
}
