using System.Diagnostics;
using BackgroundJobs.Infrastructure;
using BackgroundJobs.JobTypes.CrmSync;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.JobTypes.Tests.CrmSync;

/// <summary>The CRM client as <c>AddCrmSyncJob</c> registers it, against the CRM stand-in on Kestrel.</summary>
public sealed class HttpCrmClientTests : IAsyncLifetime
{
    private CrmStandIn crm = null!;
    private ServiceProvider? services;

    public async Task InitializeAsync() => crm = await CrmStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        await crm.DisposeAsync();
    }

    private ICrmClient CreateClient(double requestsPerSecond = 100, string? baseUrl = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Crm:BaseUrl"] = baseUrl ?? crm.BaseUrl,
                ["Crm:ApiKey"] = "crm-key",
                ["Crm:RequestsPerSecond"] = requestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            .Build();
        services = new ServiceCollection().AddLogging().AddBackgroundJobsInfrastructure(configuration).AddCrmSyncJob().BuildServiceProvider(validateScopes: true);
        return services.GetRequiredService<ICrmClient>();
    }

    [Fact]
    public async Task UpsertAsync_Answered_GivesAResultPerRecord_CreatedThenUpdated_AndFailedWithTheCrmsReason()
    {
        var client = CreateClient();

        var first = await client.UpsertAsync([new CrmContact("a", "a@example.com"), new CrmContact("b", "nope")]);
        var second = await client.UpsertAsync([new CrmContact("a", "a@example.com", FirstName: "Ada")]);

        Assert.Equal(CrmUpsertOutcome.Answered, first.Outcome);
        Assert.Equal([CrmRecordStatus.Created, CrmRecordStatus.Failed], first.Records.Select(r => r.Status));
        Assert.Contains("not a valid e-mail", first.Records[1].Error, StringComparison.Ordinal);
        Assert.Equal(CrmRecordStatus.Updated, Assert.Single(second.Records).Status);
        Assert.Equal("Ada", crm.Find("a")!["firstName"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(429, 3, CrmUpsertOutcome.Transient)]
    [InlineData(503, 0, CrmUpsertOutcome.Transient)]
    [InlineData(500, 0, CrmUpsertOutcome.Transient)]
    [InlineData(422, 0, CrmUpsertOutcome.Rejected)]
    [InlineData(401, 0, CrmUpsertOutcome.Rejected)]
    public async Task UpsertAsync_ErrorStatus_IsClassified_WithRetryAfterWhenGiven(int status, int retryAfterSeconds, CrmUpsertOutcome expected)
    {
        var client = CreateClient();
        crm.FailNextRequests(1, status, retryAfterSeconds > 0 ? TimeSpan.FromSeconds(retryAfterSeconds) : null);

        var result = await client.UpsertAsync([new CrmContact("a")]);

        Assert.Equal((expected, status), (result.Outcome, result.StatusCode));
        Assert.Equal(retryAfterSeconds > 0 ? TimeSpan.FromSeconds(retryAfterSeconds) : null, result.RetryAfter);
        Assert.Equal("Scripted failure.", result.Error);
    }

    [Fact]
    public async Task UpsertAsync_CrmDown_IsTransient()
    {
        await crm.StopAsync();
        var client = CreateClient(baseUrl: crm.BaseUrl);

        var result = await client.UpsertAsync([new CrmContact("a")]);

        Assert.Equal(CrmUpsertOutcome.Transient, result.Outcome);
    }

    [Fact]
    public async Task UpsertAsync_ManyAtOnce_ArePacedByTheSharedTokenBucket()
    {
        var client = CreateClient(requestsPerSecond: 10);
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 11).Select(i => client.UpsertAsync([new CrmContact($"c{i}")])));

        // One token every 100 ms: the eleventh request cannot leave before about one second.
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
        Assert.Equal(11, crm.ContactCount);
    }
}
