namespace BackgroundJobs.Server.Tests.Jobs;

/// <summary><c>GET /api/jobs/{id}</c> of a failed job: where it failed, the root error, and its input with secrets redacted.</summary>
public sealed class FailedJobDetailsTests
{
    [Fact]
    public async Task Get_FailedJob_ShowsTheFailureAndTheRedactedInput()
    {
        // The callback is never called here (nothing listens); only its URL, as stored in the input, matters.
        await using var server = await ServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Webhooks:SigningSecret"] = "whsec_" + Convert.ToBase64String(new byte[32]),
            ["Webhooks:AllowHttp"] = "true",
            ["Webhooks:AllowPrivateNetworks"] = "true",
        });
        var callback = new { url = "http://127.0.0.1:9/in?sig=s3cret-signature" };
        var id = (await OperatedJobs.StartFailingAsync(server, 1, callback))[0];
        await OperatedJobs.WaitForEndAsync(server, [id]);

        var job = await OperatedJobs.GetAsync(server, $"/api/jobs/{id}");

        var failure = job.GetProperty("failure");
        Assert.EndsWith("BulkEmailFailedException", failure.GetProperty("errorType").GetString(), StringComparison.Ordinal);
        Assert.Contains("No recipient was sent", failure.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        var input = job.GetProperty("input");
        Assert.Equal("Hi", input.GetProperty("subject").GetString());
        Assert.Equal("http://127.0.0.1:9/in?[redacted]", input.GetProperty("callback").GetProperty("url").GetString());
        Assert.DoesNotContain("s3cret", job.GetRawText(), StringComparison.Ordinal);
    }
}
