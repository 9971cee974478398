using BackgroundJobs.Core.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Infrastructure.Webhooks;

/// <summary>
/// A named HttpClient for addresses a client gave us (webhooks, <c>http-call</c> jobs): no redirects
/// followed, no cookies, no proxy (the connect step must see the real destination), and the SSRF guard
/// on the address actually connected to. The caller's own per-attempt timeout applies, so HttpClient's
/// 100 s default must not cut in first.
/// </summary>
public static class GuardedHttpClient
{
    public static IHttpClientBuilder AddGuardedHttpClient(this IServiceCollection services, string name) =>
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                ConnectCallback = GuardedConnection.Create(provider.GetRequiredService<IOptions<WebhookOptions>>()),
            });
}
