using System.Text.RegularExpressions;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Infra.Tests;

/// <summary>The security and wiring properties of infra/main.bicep, read from the ARM JSON it compiles to.</summary>
public sealed partial class MainTemplateTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    private readonly ArmTemplate template = compiled.Template;

    [Fact]
    public void Bicep_BuildsWithoutLinterWarningsOrErrors()
    {
        Assert.Equal(0, compiled.ExitCode);
        Assert.DoesNotContain("Warning", compiled.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Error", compiled.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.True(string.IsNullOrWhiteSpace(compiled.StandardError), compiled.StandardError);
    }

    [Fact]
    public void Template_DeploysAtSubscriptionScope_IntoOneTaggedResourceGroup()
    {
        Assert.Contains("subscriptionDeploymentTemplate", template.Root["$schema"]!.GetValue<string>(), StringComparison.Ordinal);
        var group = template.Single("Microsoft.Resources/resourceGroups");
        var modules = template.OfType("Microsoft.Resources/deployments").ToList();

        Assert.Equal("[parameters('environmentName')]", template.Root["variables"]!["tags"]!["azd-env-name"]!.GetValue<string>());
        Assert.Equal("[variables('tags')]", group.Resource["tags"]!.GetValue<string>());
        Assert.NotEmpty(modules);
        Assert.All(modules, m => Assert.Equal("[variables('tags')]", m.Properties["parameters"]!["tags"]!["value"]!.GetValue<string>()));
    }

    [Fact]
    public void StorageAccount_AllowsNoSharedKeyNoPublicBlobsAndNothingBelowTls12()
    {
        var properties = template.Single("Microsoft.Storage/storageAccounts").Properties;

        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
    }

    [Fact]
    public void FunctionApp_RunsOnFlexConsumption_AsItsUserAssignedIdentity()
    {
        var plan = template.Single("Microsoft.Web/serverfarms");
        var app = template.Single("Microsoft.Web/sites");
        var config = app.Properties["functionAppConfig"]!;

        Assert.Equal("FC1", plan.Resource["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("UserAssigned", app.Resource["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", config["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        Assert.Equal("[parameters('identityId')]", app.Properties["keyVaultReferenceIdentity"]!.GetValue<string>());
        Assert.True(app.Properties["httpsOnly"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts")] // Storage Blob Data Owner
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts")] // Storage Queue Data Contributor
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts")] // Storage Table Data Contributor
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components")] // Monitoring Metrics Publisher
    [InlineData("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "Microsoft.ServiceBus/namespaces/topics")] // Azure Service Bus Data Sender
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults")] // Key Vault Secrets User
    public void RoleAssignment_GrantsTheAppsIdentityTheRole_OnTheResourceThatNeedsIt(string roleId, string scopeType)
    {
        // A module names its role GUIDs as literals or in a variable its assignments loop over, so
        // the role and the scope are matched within the module that declares the assignment.
        var grants = template.OfType("Microsoft.Authorization/roleAssignments").Where(r =>
            r.TemplateText.Contains(roleId, StringComparison.Ordinal)
            && r.Resource["scope"]!.GetValue<string>().StartsWith($"[resourceId('{scopeType}',", StringComparison.Ordinal)
            && r.Properties["principalType"]!.GetValue<string>() == "ServicePrincipal"
            && r.Properties["principalId"]!.GetValue<string>().Contains("Microsoft.ManagedIdentity/userAssignedIdentities", StringComparison.Ordinal));

        Assert.NotEmpty(grants);
    }

    [Fact]
    public void KeyVault_IsRbacAuthorised_AndHoldsEverySecret()
    {
        var vault = template.Single("Microsoft.KeyVault/vaults");
        var secrets = template.OfType("Microsoft.KeyVault/vaults/secrets").ToList();

        Assert.True(vault.Properties["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.Equal(4, secrets.Count);
        Assert.All(["SendGrid-ApiKey", "Webhooks-SigningSecret", "Crm-ApiKey", "Inference-ApiKey"], name => Assert.Contains(secrets, s => s.Name.Contains(name, StringComparison.Ordinal)));
        Assert.All(secrets, s => Assert.StartsWith("[parameters('", s.Properties["value"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public void Monitoring_HasLocalAuthOff()
    {
        Assert.True(template.Single("Microsoft.Insights/components").Properties["DisableLocalAuth"]!.GetValue<bool>());
        Assert.True(template.Single("Microsoft.OperationalInsights/workspaces").Properties["features"]!["disableLocalAuth"]!.GetValue<bool>());
        Assert.True(template.Single("Microsoft.ServiceBus/namespaces").Properties["disableLocalAuth"]!.GetValue<bool>());
    }

    [Fact]
    public void ServiceBus_HasTheJobEventsTopic()
    {
        var topic = template.Single("Microsoft.ServiceBus/namespaces/topics");

        Assert.Equal("[variables('jobEventsTopicName')]", topic.Deployment!["properties"]!["parameters"]!["topicName"]!["value"]!.GetValue<string>());
        Assert.Equal("job-events", template.Root["variables"]!["jobEventsTopicName"]!.GetValue<string>());
    }

    [Fact]
    public void Alerts_OnFailedJobsAndTheOldestPendingJob_EmailTheParameterThroughOneActionGroup()
    {
        var group = template.Single("Microsoft.Insights/actionGroups");
        var rules = template.Single("Microsoft.Insights/scheduledQueryRules");

        Assert.Equal("[parameters('alertEmail')]", group.Properties["emailReceivers"]![0]!["emailAddress"]!.GetValue<string>());
        Assert.Equal("[parameters('alertEmail')]", group.Deployment!["properties"]!["parameters"]!["alertEmail"]!["value"]!.GetValue<string>());
        Assert.Contains("Microsoft.Insights/actionGroups", rules.Properties["actions"]!["actionGroups"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("length(variables('rules'))", rules.Resource["copy"]!["count"]!.GetValue<string>(), StringComparison.Ordinal);
        var queries = rules.Template["variables"]!["rules"]!.AsArray().Select(r => r!["query"]!.GetValue<string>()).ToList();
        Assert.Collection(
            queries,
            q => Assert.Contains("\"jobs.failed\"", q, StringComparison.Ordinal),
            q => Assert.Contains("\"jobs.oldest_pending_age_seconds\"", q, StringComparison.Ordinal));
    }

    [Fact]
    public void Outputs_AreUpperCase_ForAzd()
    {
        Assert.NotEmpty(template.Outputs);
        Assert.All(template.Outputs.Select(o => o.Key), name => Assert.Matches("^[A-Z][A-Z0-9_]*$", name));
    }

    [Fact]
    public void Outputs_IncludeEveryValueThePostprovisionHookRequires()
    {
        var hook = File.ReadAllText(RepositoryRoot.Combine("infra", "hooks", "postprovision.sh"));

        var required = RequiredVariable().Matches(hook).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(required);
        Assert.All(required, name => Assert.Contains(name, template.Outputs.Select(o => o.Key)));
    }

    [Fact]
    public void ParametersFile_SuppliesEveryParameterWithoutADefault()
    {
        var file = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("infra", "main.parameters.json")))!;
        var supplied = file["parameters"]!.AsObject().Select(p => p.Key).ToList();

        var needed = template.Parameters.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key).ToList();

        Assert.All(needed, name => Assert.Contains(name, supplied));
        Assert.All(supplied, name => Assert.Contains(name, template.Parameters.Select(p => p.Key)));
    }

    // ${NAME:?...} in the hook: a value it cannot run without.
    [GeneratedRegex(@"\$\{([A-Z_]+):\?")]
    private static partial Regex RequiredVariable();
}
