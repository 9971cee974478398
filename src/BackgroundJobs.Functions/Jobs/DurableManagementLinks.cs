using BackgroundJobs.Api.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Jobs;

/// <summary>
/// The Functions side of <see cref="ManagementLinkFactory"/>: the Durable extension's own
/// <c>CreateHttpManagementPayload</c> (the built-in <c>/runtime/webhooks/durabletask/...</c> URLs, with
/// the task hub, connection and system key that the bound client carries), mapped to our camelCase
/// <see cref="JobManagementLinks"/>. <c>CreateCheckStatusResponseAsync</c> is not used: it writes
/// PascalCase names and no <c>Retry-After</c>.
/// </summary>
internal static class DurableManagementLinks
{
    public static async ValueTask<ManagementLinkFactory> ForInvocationAsync(DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(context);
        var request = await context.GetHttpRequestDataAsync()
            ?? throw new InvalidOperationException($"Function '{context.FunctionDefinition.Name}' is not an HTTP invocation; management links need its request.");
        return ForRequest(client, request);
    }

    public static ManagementLinkFactory ForRequest(DurableTaskClient client, HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return instanceId => FromPayload(client.CreateHttpManagementPayload(instanceId, request));
    }

    public static JobManagementLinks FromPayload(HttpManagementPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return new JobManagementLinks(
            Required(payload.StatusQueryGetUri, nameof(payload.StatusQueryGetUri)),
            Required(payload.SendEventPostUri, nameof(payload.SendEventPostUri)),
            Required(payload.TerminatePostUri, nameof(payload.TerminatePostUri)),
            Required(payload.PurgeHistoryDeleteUri, nameof(payload.PurgeHistoryDeleteUri)),
            Required(payload.RestartPostUri, nameof(payload.RestartPostUri)),
            Required(payload.SuspendPostUri, nameof(payload.SuspendPostUri)),
            Required(payload.ResumePostUri, nameof(payload.ResumePostUri)));
    }

    // The extension fills every URL; an empty one means its payload changed shape, which must not
    // reach clients as a broken link.
    private static string Required(string? uri, string name) =>
        string.IsNullOrEmpty(uri)
            ? throw new InvalidOperationException($"The Durable extension's management payload has no {name}.")
            : uri;
}
