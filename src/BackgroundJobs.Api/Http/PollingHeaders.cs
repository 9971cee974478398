using System.Globalization;
using BackgroundJobs.Api.Jobs;
using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.Api.Http;

/// <summary>The one way a response tells a client when to poll again, on both hosts' start and status answers.</summary>
public static class PollingHeaders
{
    public static void SetRetryAfter(this HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.RetryAfter = JobStarter.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
    }
}
