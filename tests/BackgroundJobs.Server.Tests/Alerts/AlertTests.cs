using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using BackgroundJobs.Api.Alerts;
using BackgroundJobs.TestHelpers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using StandardWebhooks;

namespace BackgroundJobs.Server.Tests.Alerts;

/// <summary>The server's alert timer with failures piling up: the operators hear once per window, not on every check.</summary>
public sealed class AlertTests : IAsyncLifetime
{
    private readonly string secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private WebhookReceiver operators = null!;

    public async Task InitializeAsync() => operators = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await operators.DisposeAsync();

    [Fact]
    public async Task FailuresOverTheThreshold_AlertOnce_ByWebhookAndEmail_ThoughTheTimerChecksAgainAndAgain()
    {
        await using var server = await ServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:FailureThreshold"] = "2",
            ["Alerts:Window"] = "01:00:00",
            ["Alerts:CheckInterval"] = "00:00:00.2",
            ["Alerts:WebhookUrl"] = operators.Url,
            ["Alerts:Email"] = "oncall@example.com",
            ["Webhooks:SigningSecret"] = secret,
        });

        for (var i = 0; i < 3; i++)
        {
            await FailAJobAsync(server);
        }

        var received = await operators.WaitForAsync(1, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));

        var alert = Assert.Single(operators.Received);
        new StandardWebhook(secret).Verify(alert.Body, alert.ToHeaderDictionary());
        using var body = JsonDocument.Parse(alert.Body);
        Assert.Equal("alert.failures", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(3, body.RootElement.GetProperty("data").GetProperty("value").GetDouble());
        var mails = Directory.GetFiles(server.OutboxFolder, "*.eml", SearchOption.AllDirectories)
            .Select(File.ReadAllText)
            .Where(text => text.Contains("To: oncall@example.com", StringComparison.Ordinal))
            .ToList();
        Assert.Contains("[BackgroundJobs alert] 3 jobs failed", Assert.Single(mails), StringComparison.Ordinal);
        Assert.Equal(received[0].Id, alert.Id);
    }

    [Fact]
    public async Task FailuresAtTheThreshold_DoNotAlert()
    {
        await using var server = await ServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:FailureThreshold"] = "2",
            ["Alerts:CheckInterval"] = "01:00:00",
            ["Alerts:WebhookUrl"] = operators.Url,
        });
        await FailAJobAsync(server);
        await FailAJobAsync(server);

        var sent = await server.Services.GetRequiredService<AlertCheck>().RunAsync(server.Services.GetRequiredService<DurableTaskClient>());

        Assert.Empty(sent);
        Assert.Empty(operators.Received);
    }

    [Fact]
    public async Task OperatorsWebhookDown_TheAlertIsNotLost_TheNextCheckSendsIt()
    {
        operators.Script(new WebhookReceiver.Answer(503));
        await using var server = await ServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:FailureThreshold"] = "0",
            ["Alerts:CheckInterval"] = "01:00:00",
            ["Alerts:WebhookUrl"] = operators.Url,
        });
        await FailAJobAsync(server);
        var check = server.Services.GetRequiredService<AlertCheck>();
        var client = server.Services.GetRequiredService<DurableTaskClient>();

        var first = await check.RunAsync(client);
        var second = await check.RunAsync(client);
        var third = await check.RunAsync(client);

        Assert.Empty(first);
        Assert.Single(second);
        Assert.Empty(third);
        Assert.Equal(2, operators.Received.Count);
    }

    [Fact]
    public async Task AJobPendingTooLong_Alerts_WithItsAge()
    {
        await using var server = await ServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:MaxPendingAge"] = "00:00:01",
            ["Alerts:CheckInterval"] = "01:00:00",
            ["Alerts:WebhookUrl"] = operators.Url,
        });
        var client = server.Services.GetRequiredService<DurableTaskClient>();

        // A job the engine holds until its start time stays Pending, as one would behind a stuck worker.
        var id = await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(JobTypes.BulkEmail.BulkEmailOrchestrator),
            new JobTypes.BulkEmail.BulkEmailRequest { Subject = "Hi", Text = "x", Recipients = [new Core.Email.EmailRecipient("a@example.com")] },
            new Microsoft.DurableTask.StartOrchestrationOptions { StartAt = DateTimeOffset.UtcNow.AddHours(1) });
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await client.GetInstanceAsync(id))!.RuntimeStatus);
        var before = await server.Services.GetRequiredService<AlertCheck>().RunAsync(client);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var after = await server.Services.GetRequiredService<AlertCheck>().RunAsync(client);

        Assert.Empty(before);
        var alert = Assert.Single(after);
        Assert.Equal("pending-age", alert.Condition);
        Assert.True(alert.Value >= 1, $"age {alert.Value} s");
        Assert.Single(operators.Received);
    }

    // A bulk e-mail whose uploaded CSV has no valid address fails: "No recipient was sent".
    private static async Task FailAJobAsync(ServerHost server)
    {
        var csv = await server.UploadAsync("email\nnot-an-address\n");
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", new { subject = "Hi", text = "Hello", recipientsBlob = csv });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var status = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(30));
        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
    }
}
