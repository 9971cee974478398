using System.Globalization;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Api.Notifications;

/// <summary>
/// Checks the part every job request shares (<see cref="IJobRequest"/>): the callback, whose URL
/// must be one the server may call (checked again at each delivery), and <c>notifyEmail</c>.
/// Each job type's validator calls it.
/// </summary>
public sealed class JobRequestValidator(ICallbackUrlGuard guard, IOptions<WebhookOptions> webhooks)
{
    public async Task ValidateAsync(IJobRequest request, Action<string, string> add, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(add);
        if (request is IStoredJobRequest { RequestBlob: not null })
        {
            add("requestBlob", "is set by the server for a large request; leave it out.");
        }

        if (request.NotifyEmail is { } notifyEmail && !EmailAddressRules.IsValid(notifyEmail))
        {
            add("notifyEmail", "is not a valid e-mail address.");
        }

        if (request.Callback is not { } callback)
        {
            return;
        }

        if (!webhooks.Value.ActiveSigningSecrets.Any())
        {
            add("callback", "this server has no Webhooks:SigningSecret, so it cannot send signed webhooks.");
            return;
        }

        if (string.IsNullOrWhiteSpace(callback.Url))
        {
            add("callback.url", "is required.");
        }
        else if (await guard.CheckAsync(callback.Url, cancellationToken) is { } refusal)
        {
            add("callback.url", refusal);
        }

        var events = callback.Events ?? [];
        for (var i = 0; i < events.Count; i++)
        {
            if (!JobEventTypes.All.Contains(events[i], StringComparer.Ordinal))
            {
                add(string.Create(CultureInfo.InvariantCulture, $"callback.events[{i}]"), $"must be one of {string.Join(", ", JobEventTypes.All)}.");
            }
        }
    }
}
