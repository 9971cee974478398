namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// The Durable Functions management URLs of one instance, camelCase on both hosts. On Functions
/// they come from <c>CreateHttpManagementPayload</c>; the server serves the same paths itself.
/// </summary>
public sealed record JobManagementLinks(
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string PurgeHistoryDeleteUri,
    string RestartPostUri,
    string SuspendPostUri,
    string ResumePostUri);
