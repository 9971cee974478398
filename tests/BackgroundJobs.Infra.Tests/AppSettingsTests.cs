using System.Text.RegularExpressions;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Infra.Tests;

public sealed partial class AppSettingsTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    private readonly IReadOnlyDictionary<string, string> settings = compiled.Template.AppSettings();

    [Fact]
    public void CodeSettings_AreFoundByReflection_FromTheFunctionsHostsOptionsClasses()
    {
        var sections = CodeSettings.All.Select(s => s.Section).Distinct().ToList();

        // A guard on the discovery itself: if it found nothing, every other check here would pass.
        Assert.Contains("Storage", sections);
        Assert.Contains("SendGrid", sections);
        Assert.Contains("Uploads", sections);
        Assert.DoesNotContain("Engine", sections);
    }

    [Fact]
    public void AppSettings_ProvideEverySettingTheCodeRequires()
    {
        var missing = CodeSettings.All.Where(s => s.IsRequired && !settings.ContainsKey(s.AppSettingName)).ToList();

        Assert.True(missing.Count == 0, $"infra/ does not set: {string.Join(", ", missing)}. Set them in infra/main.bicep, or mark the property [OptionalSetting] with the reason.");
    }

    [Fact]
    public void AppSettings_InASectionTheCodeReads_NameAPropertyItBinds()
    {
        var sections = CodeSettings.All.Select(s => s.Section).ToHashSet(StringComparer.Ordinal);
        var known = CodeSettings.All.Select(s => s.AppSettingName).ToHashSet(StringComparer.Ordinal);

        var unknown = settings.Keys.Where(k => sections.Contains(k.Split("__")[0]) && !known.Contains(k)).ToList();

        Assert.True(unknown.Count == 0, $"No options property binds: {string.Join(", ", unknown)}.");
    }

    [Fact]
    public void AppSettings_ProvideEverySettingHostJsonReferences()
    {
        // host.json reads app settings as %Name% (the task hub name); the host will not start without them.
        var hostJson = File.ReadAllText(RepositoryRoot.Combine("host.json"));

        var referenced = HostJsonSetting().Matches(hostJson).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(referenced);
        Assert.All(referenced, name => Assert.Contains(name, settings.Keys));
    }

    [Fact]
    public void AppSettings_ReachStorageWithTheManagedIdentity_NotAConnectionString()
    {
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        // The host and the app's DefaultAzureCredential both pick the user-assigned identity by its client id.
        Assert.Equal("[parameters('identityClientId')]", settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal(settings["AzureWebJobsStorage__clientId"], settings["AZURE_CLIENT_ID"]);
        foreach (var service in new[] { "blobServiceUri", "queueServiceUri", "tableServiceUri" })
        {
            Assert.Contains($"AzureWebJobsStorage__{service}", settings.Keys);
        }

        Assert.Contains("Storage__BlobServiceUri", settings.Keys);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain("Storage__ConnectionString", settings.Keys);
        Assert.DoesNotContain(settings.Values, v => v.Contains("AccountKey", StringComparison.OrdinalIgnoreCase) || v.Contains("listKeys", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("SendGrid__ApiKey")]
    [InlineData("Webhooks__SigningSecret")]
    public void AppSettings_Secrets_AreKeyVaultReferences(string name)
    {
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", settings[name], StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_NeverCarryASecureParameter()
    {
        var secure = compiled.Template.Parameters
            .Where(p => p.Value!["type"]!.GetValue<string>() == "securestring")
            .Select(p => $"parameters('{p.Key}')")
            .ToList();

        Assert.NotEmpty(secure);
        Assert.DoesNotContain(settings.Values, value => secure.Any(p => value.Contains(p, StringComparison.Ordinal)));
    }

    [Fact]
    public void AppSettings_LeaveTheWorkerRuntimeToFlexConsumption()
    {
        // Flex Consumption rejects these: the runtime comes from functionAppConfig.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);
    }

    [Fact]
    public void AppSettings_SendTelemetryWithEntraId()
    {
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settings.Keys);
    }

    [GeneratedRegex("%([A-Za-z0-9_]+)%")]
    private static partial Regex HostJsonSetting();
}
