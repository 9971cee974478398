using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Xunit.Abstractions;

namespace BackgroundJobs.Server.Tests.Load;

/// <summary>
/// Issue 7's load: keyed bulk e-mail submissions from 64 concurrent clients over real HTTP, with
/// some keys repeated on purpose (racing the original, and again after the jobs ended). No 5xx,
/// every job accepted once under its own id, a repeated key answered with the same job, every job
/// completed, every recipient mailed once by the SendGrid stand-in. The figures are printed, not
/// asserted: speed is the benchmark's (<c>--scenarios load</c>).
/// </summary>
public class JobLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Load_2000KeyedJobsFrom64ClientsInMemory_EachAcceptedOnceCompletedAndMailedOnce()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));

        await RunAndAssertAsync(server, sendGrid, new JobLoadPlan(Jobs: 2000, Clients: 64), TimeSpan.FromMinutes(4));
    }

    /// <remarks>
    /// 200 jobs, not 2,000: on Azurite each job is three orchestrations and four activities through
    /// storage queues and tables, and 2,000 of them take several minutes on a loaded 2-core machine,
    /// too long for every CI run. The benchmark runs the full 2,000 (<c>--engine AzureStorage --scenarios load</c>).
    /// </remarks>
    [Fact]
    public async Task Load_200KeyedJobsFrom64ClientsOnAzurite_EachAcceptedOnceCompletedAndMailedOnce()
    {
        await AzuriteEndpoint.EnsureRunningAsync();
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid, ServerHost.OnAzurite()));

        await RunAndAssertAsync(server, sendGrid, new JobLoadPlan(Jobs: 200, Clients: 64, RacingDuplicates: 20, LateDuplicates: 20), TimeSpan.FromMinutes(5));
    }

    private async Task RunAndAssertAsync(ServerHost server, SendGridStandIn sendGrid, JobLoadPlan plan, TimeSpan timeout)
    {
        var result = await JobLoad.RunAsync(server.Http, plan, timeout);

        output.WriteLine(
            $"{plan.Jobs} jobs, {plan.Clients} clients: {result.SubmissionsPerSecond:F0} submissions/s, p50 {result.LatencyPercentileMs(0.5):F1} ms, "
            + $"p99 {result.LatencyPercentileMs(0.99):F1} ms, all completed in {result.CompletedElapsed.TotalSeconds:F1} s");
        Assert.DoesNotContain(result.Submissions, s => s.Status >= 500);
        Assert.Equal(plan.Jobs + plan.RacingDuplicates + plan.LateDuplicates, result.Submissions.Count);
        Assert.Empty(result.Violations(sendGrid.CountOf));
        Assert.Equal(plan.Jobs * plan.RecipientsPerJob, sendGrid.AcceptedRecipients.Count);
        Assert.Equal(plan.Jobs, await server.CountInstancesAsync(jobsOnly: true));
    }
}
