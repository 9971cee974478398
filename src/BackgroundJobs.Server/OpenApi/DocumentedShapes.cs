using BackgroundJobs.Api.Notifications;

namespace BackgroundJobs.Server.OpenApi;

// The shapes of bodies that the handlers read or write as private or anonymous types, named here
// for the document only. The Prism-validated end-to-end test fails when one drifts from what is sent.

/// <summary>The optional body of <c>POST /api/jobs/{id}/cancel</c>.</summary>
internal sealed record CancelJobRequest(string? Reason, string? RequestedBy);

/// <summary>The <c>202</c> of a cancel.</summary>
internal sealed record CanceledJob(string Id, string Status, string? Reason, string? RequestedBy, DateTimeOffset? CanceledAt, string JobUri);

/// <summary>The body of <c>POST /api/jobs/retry</c>: which failed jobs to run again.</summary>
internal sealed record BulkRetryRequest(string? Status, string? Type, string? CreatedFrom, string? CreatedTo, int? Limit, bool? IncludeRetried);

/// <summary>The body of <c>GET /api/jobs/{id}/deliveries</c>.</summary>
internal sealed record JobDeliveries(string JobId, IReadOnlyList<WebhookDeliveryView> Deliveries);

/// <summary>The <c>200</c> of a purge on the Durable runtime routes.</summary>
internal sealed record PurgedInstances(int InstancesDeleted);

/// <summary>The <c>202</c> of <c>.../instances/{id}/restart</c>: the new instance and its management URLs.</summary>
internal sealed record RestartedInstance(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string PurgeHistoryDeleteUri,
    string RestartPostUri,
    string SuspendPostUri,
    string ResumePostUri);

/// <summary>The body of <c>GET /healthz</c>.</summary>
internal sealed record Health(string Status);
