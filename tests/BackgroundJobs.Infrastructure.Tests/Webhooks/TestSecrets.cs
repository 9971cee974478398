using System.Security.Cryptography;

namespace BackgroundJobs.Infrastructure.Tests.Webhooks;

/// <summary>Signing secrets made fresh for each test run, so that none is ever committed.</summary>
internal static class TestSecrets
{
    public static string NewSigningSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
