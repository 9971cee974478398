using System.Globalization;
using System.Text;
using BackgroundJobs.Api.Notifications;
using BackgroundJobs.Core.Notifications;

namespace BackgroundJobs.JobTypes.HttpCall;

/// <summary>
/// Checks an http-call request before anything is started or stored; errors are keyed by the field's
/// JSON path. The URL passes the same guard as webhook callbacks (https, public addresses only,
/// unless <c>Webhooks:AllowHttp</c> / <c>Webhooks:AllowPrivateNetworks</c>); the call checks the
/// address again when it connects.
/// </summary>
public sealed class HttpCallRequestValidator(ICallbackUrlGuard guard, JobRequestValidator jobRequest)
{
    public async Task<Dictionary<string, string[]>> ValidateAsync(HttpCallRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors.TryAdd(field, [message]);

        if (string.IsNullOrWhiteSpace(request.Url))
        {
            Add("url", "is required: the absolute https URL to call.");
        }
        else if (await guard.CheckAsync(request.Url, cancellationToken) is { } refusal)
        {
            Add("url", refusal);
        }

        var method = request.EffectiveMethod;
        if (!HttpCallLimits.Methods.Contains(method, StringComparer.Ordinal))
        {
            Add("method", $"must be one of {string.Join(", ", HttpCallLimits.Methods)}.");
        }

        var hasBody = request.Body is not null;
        if (hasBody && method is "GET" or "HEAD")
        {
            Add("body", $"cannot go with {method}; use POST, PUT, PATCH or DELETE.");
        }
        else if (hasBody && Encoding.UTF8.GetByteCount(request.Body!) is var bytes && bytes > HttpCallLimits.MaxBodyBytes)
        {
            Add("body", string.Create(CultureInfo.InvariantCulture, $"is {bytes} bytes; an http-call takes at most {HttpCallLimits.MaxBodyBytes} bytes (256 KiB)."));
        }

        CheckHeaders(request, hasBody, Add);
        if (request.ExpectedStatus is { } expected)
        {
            if (expected.Min is < 100 or > 599)
            {
                Add("expectedStatus.min", "must be an HTTP status, 100-599.");
            }

            if (expected.Max is < 100 or > 599 || expected.Max < expected.Min)
            {
                Add("expectedStatus.max", "must be an HTTP status, 100-599, not below min.");
            }
        }

        if (request.TimeoutSeconds is { } timeout && timeout is < 1 or > HttpCallLimits.MaxTimeoutSeconds)
        {
            Add("timeoutSeconds", $"must be between 1 and {HttpCallLimits.MaxTimeoutSeconds}.");
        }

        if (request.MaxAttempts is { } attempts && attempts is < 1 or > HttpCallLimits.MaxAttempts)
        {
            Add("maxAttempts", $"must be between 1 and {HttpCallLimits.MaxAttempts}.");
        }

        await jobRequest.ValidateAsync(request, Add, cancellationToken);
        return errors;
    }

    private static void CheckHeaders(HttpCallRequest request, bool hasBody, Action<string, string> add)
    {
        var plain = request.Headers ?? new Dictionary<string, string>();
        var secret = request.SecretHeaders ?? new Dictionary<string, string>();
        if (plain.Count + secret.Count > HttpCallLimits.MaxHeaders)
        {
            add("headers", $"at most {HttpCallLimits.MaxHeaders} headers in all (headers and secretHeaders).");
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, headers, isSecret) in new[] { ("headers", plain, false), ("secretHeaders", secret, true) })
        {
            foreach (var (name, value) in headers)
            {
                if (HttpCallHeaders.Refusal(name, value, isSecret, hasBody) is { } refusal)
                {
                    add($"{field}.{name}", refusal);
                }
                else if (!seen.Add(name))
                {
                    add($"{field}.{name}", "is given twice (header names are case-insensitive); give it once.");
                }
            }
        }
    }
}
