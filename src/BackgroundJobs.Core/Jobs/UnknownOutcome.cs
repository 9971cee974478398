namespace BackgroundJobs.Core.Jobs;

/// <summary>
/// The values of a request's <c>onUnknownOutcome</c>: what a job does with a unit of work (an e-mail
/// batch, a model call) whose request may have reached the provider without an answer saying whether
/// it was taken (a timeout after sending, a connection reset mid-request, a 5xx). See
/// docs/delivery-guarantees.md.
/// </summary>
public static class UnknownOutcome
{
    /// <summary>The request field, as errors name it.</summary>
    public const string Field = "onUnknownOutcome";

    /// <summary>The default: at most once. The unit is not sent again (unless the provider's records say it never arrived) and is recorded as failed with "outcome unknown".</summary>
    public const string Skip = "skip";

    /// <summary>At least once: the unit is sent again, so it may be delivered (and paid for) twice.</summary>
    public const string Resend = "resend";

    /// <summary>Left out means <see cref="Skip"/>.</summary>
    public static bool IsKnown(string? value) => value is null or Skip or Resend;

    public static bool Resends(string? value) => value == Resend;
}
