using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BackgroundJobs.Server.Tests;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.JobTypes.Tests.BulkEmail;

/// <summary>
/// End to end over real HTTP: the server on the Azure Storage task hub in Azurite, a 5,000-row CSV
/// uploaded, the job followed through its status URL, and the SendGrid stand-in's view checked.
/// </summary>
public class BulkEmailAzureStorageEndToEndTests
{
    [Fact]
    public async Task BulkEmail_5000RecipientCsvOnAzurite_EveryRecipientSentOnce_AndTheCountsMatch()
    {
        await AzuriteEndpoint.EnsureRunningAsync();
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid, ServerHost.OnAzurite()));
        var csv = new StringBuilder("email,name,plan\n");
        for (var i = 0; i < 5000; i++)
        {
            csv.Append(CultureInfoInvariant($"customer{i}@example.com,Customer {i},{(i % 2 == 0 ? "gold" : "silver")}\n"));
        }

        csv.Append("CUSTOMER7@EXAMPLE.COM,Duplicate,gold\nnot-an-address,Broken,gold\n");
        sendGrid.FailNextRequests(2, 429);
        var blob = await server.UploadAsync(csv.ToString());

        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", new
        {
            subject = "Your {{plan}} plan",
            html = "<p>Dear {{name}}, thank you.</p>",
            recipientsBlob = blob,
            batchSize = 1000,
        });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(start.Headers.Location!.ToString(), accepted.GetProperty("statusQueryGetUri").GetString());
        Assert.Contains("/runtime/webhooks/durabletask/instances/", accepted.GetProperty("statusQueryGetUri").GetString(), StringComparison.Ordinal);

        var status = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromMinutes(3));

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(5000, sendGrid.AcceptedRecipients.Count);
        Assert.Equal(5000, sendGrid.AcceptedRecipients.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(sendGrid.BatchIds, id => Assert.StartsWith(accepted.GetProperty("id").GetString()!, id, StringComparison.Ordinal));
        var output = status.GetProperty("output");
        Assert.Equal(5000, output.GetProperty("recipients").GetInt32());
        Assert.Equal(5000, output.GetProperty("sent").GetInt32());
        Assert.Equal(0, output.GetProperty("failed").GetInt32());
        Assert.Equal(1, output.GetProperty("invalid").GetInt32());
        Assert.Equal(1, output.GetProperty("duplicates").GetInt32());
        Assert.Equal(5, output.GetProperty("batches").GetInt32());
        Assert.Equal(5, sendGrid.AcceptedRequests);
    }

    [Fact]
    public async Task BulkEmail_ServerStoppedGracefullyMidJob_AnotherServerOnTheSameTaskHubFinishesIt_SendingNoOneTwice()
    {
        await AzuriteEndpoint.EnsureRunningAsync();
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.Delay = TimeSpan.FromMilliseconds(150);
        var settings = ServerHost.WithSendGrid(sendGrid, ServerHost.OnAzurite());

        // Messages the stopping server had fetched but not processed come back after this; short, so the test is.
        settings["Engine:MessageVisibilityTimeout"] = "00:00:15";
        var emails = Enumerable.Range(0, 60).Select(i => $"grace{i}@example.com").ToList();
        Uri status;

        await using (var first = await ServerHost.StartAsync(settings))
        {
            using var start = await first.PostJsonAsync("/api/jobs/bulk-email", new
            {
                subject = "Hi",
                text = "Hello",
                recipients = emails.Select(e => new { email = e }),
                batchSize = 1,
                maxParallelBatches = 2,
            });
            status = start.Headers.Location!;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (sendGrid.AcceptedRecipients.Count < 5 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }

        var sentBeforeRestart = sendGrid.AcceptedRecipients.Count;
        Assert.InRange(sentBeforeRestart, 5, 59);

        await using var second = await ServerHost.StartAsync(settings);
        var final = await second.FollowStatusAsync(new Uri(second.BaseAddress, status.PathAndQuery), TimeSpan.FromMinutes(2));

        Assert.Equal("Completed", final.GetProperty("runtimeStatus").GetString());
        Assert.Equal(60, final.GetProperty("output").GetProperty("sent").GetInt32());
        Assert.All(emails, e => Assert.Equal(1, sendGrid.CountOf(e)));
    }

    private static string CultureInfoInvariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
