using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Infrastructure.Webhooks;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Infrastructure.Tests.Webhooks;

/// <summary>Where a callback may point, with the safety settings off (as in production) and on.</summary>
public sealed class CallbackUrlGuardTests
{
    [Theory]
    [InlineData("https://127.0.0.1/hook", "127.0.0.1")]
    [InlineData("https://127.8.9.10/hook", "127.8.9.10")]
    [InlineData("https://10.1.2.3/hook", "10.1.2.3")]
    [InlineData("https://172.16.0.1/hook", "172.16.0.1")]
    [InlineData("https://192.168.1.1/hook", "192.168.1.1")]
    [InlineData("https://169.254.169.254/latest/meta-data", "169.254.169.254")]
    [InlineData("https://100.64.0.1/hook", "100.64.0.1")]
    [InlineData("https://0.0.0.0/hook", "0.0.0.0")]
    [InlineData("https://[::1]/hook", "::1")]
    [InlineData("https://[fd00:ec2::254]/hook", "fd00:ec2::254")]
    [InlineData("https://[fe80::1]/hook", "fe80::1")]
    [InlineData("https://[::ffff:10.0.0.1]/hook", "10.0.0.1")]
    [InlineData("https://localhost/hook", "127.0.0.1")]
    public async Task CheckAsync_PrivateOrLoopbackTarget_IsRefusedNamingTheAddress(string url, string address)
    {
        var refusal = await Guard().CheckAsync(url);

        Assert.NotNull(refusal);
        Assert.Contains("loopback, private, link-local or metadata address", refusal, StringComparison.Ordinal);
        Assert.Contains(address, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://93.184.215.14/hook", "must use https")]
    [InlineData("ftp://93.184.215.14/hook", "absolute https URL")]
    [InlineData("/relative/hook", "absolute https URL")]
    [InlineData("https://user:pass@93.184.215.14/hook", "user name or password")]
    [InlineData("https://no-such-host.invalid/hook", "does not resolve")]
    public async Task CheckAsync_WrongSchemeOrShape_IsRefused(string url, string reason)
    {
        var refusal = await Guard().CheckAsync(url);

        Assert.NotNull(refusal);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_PublicAddressOverHttps_IsAllowed()
    {
        Assert.Null(await Guard().CheckAsync("https://93.184.215.14/hooks/jobs"));
    }

    [Fact]
    public async Task CheckAsync_SettingsAllowThem_HttpAndLoopbackAreAllowed()
    {
        var guard = Guard(new WebhookOptions { AllowHttp = true, AllowPrivateNetworks = true });

        Assert.Null(await guard.CheckAsync("http://127.0.0.1:5000/hook"));
        Assert.Null(await guard.CheckAsync("http://localhost:5000/hook"));
    }

    [Theory]
    [InlineData("8.8.8.8", false)]
    [InlineData("2606:4700:4700::1111", false)]
    [InlineData("198.18.0.1", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("::", true)]
    public void IsNonPublic_KnownAddresses(string address, bool nonPublic)
    {
        Assert.Equal(nonPublic, NetworkRules.IsNonPublic(System.Net.IPAddress.Parse(address)));
    }

    private static CallbackUrlGuard Guard(WebhookOptions? options = null) => new(Options.Create(options ?? new WebhookOptions()));
}
