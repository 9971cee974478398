namespace BackgroundJobs.Infrastructure.Http;

/// <summary>The check every setting that names an HTTP endpoint (SendGrid, a job type's service) passes when the host starts.</summary>
public static class HttpUrl
{
    public static bool IsAbsoluteHttp(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
