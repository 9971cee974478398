using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Tests.Jobs;

/// <summary>Cheap jobs for the operations tests: a bulk e-mail to an uploaded CSV of only invalid addresses fails with "No recipient was sent".</summary>
public static class OperatedJobs
{
    public static async Task<List<string>> StartFailingAsync(ServerHost server, int count, object? callback = null, string? notifyEmail = null)
    {
        var csv = await server.UploadAsync("email\nnot-an-address\n");
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await StartAsync(server, new { subject = "Hi", text = "Hello", recipientsBlob = csv, callback, notifyEmail }));
        }

        return ids;
    }

    /// <summary>Completes at once: without a SendGrid key the message goes to the outbox.</summary>
    public static Task<string> StartCompletingAsync(ServerHost server) =>
        StartAsync(server, new { subject = "Hi", text = "Hello", recipients = new[] { new { email = "a@example.com" } } });

    public static async Task<string> StartAsync(ServerHost server, object body)
    {
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", body);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        return (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public static async Task WaitForEndAsync(ServerHost server, IEnumerable<string> ids)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        foreach (var id in ids)
        {
            await server.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
        }
    }

    public static async Task<JsonElement> GetAsync(ServerHost server, string path)
    {
        using var response = await server.Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Settings for an engine by name, as the theories pass it.</summary>
    public static Dictionary<string, string?>? Engine(string engine) => engine == "AzureStorage" ? ServerHost.OnAzurite() : null;
}
