using System.Text;
using System.Text.Json;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Moq;

namespace BackgroundJobs.JobTypes.Tests.BulkEmail;

public class PrepareEmailBatchesActivityTests
{
    private static readonly JobRun Run = new("job-1", "r1");

    private readonly InMemoryBlobStore blobs = new();
    private readonly TaskActivityContext activityContext = Mock.Of<TaskActivityContext>();

    private async Task<EmailBatchPlan> PrepareCsvAsync(string csv, int batchSize)
    {
        await blobs.WriteAsync("uploads/list.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv)), "text/csv");
        var request = new BulkEmailRequest { Subject = "Hi {{name}}", Text = "Your code is {{code}}", RecipientsBlob = "uploads/list.csv", BatchSize = batchSize };
        return await new PrepareEmailBatchesActivity(blobs).RunAsync(activityContext, new PrepareEmailBatchesInput(Run, request));
    }

    private List<EmailRecipient> Batch(int index) =>
        JsonSerializer.Deserialize<List<EmailRecipient>>(blobs.Blobs[BlobNames.EmailBatch(Run, index)], JobJson.Options)!;

    [Fact]
    public async Task RunAsync_Csv_SplitsIntoBatchesOfTheGivenSize_WithExtraColumnsAsData()
    {
        var csv = "email,name,code\n" + string.Join('\n', Enumerable.Range(1, 7).Select(i => $"user{i}@example.com,User {i},C{i}"));

        var plan = await PrepareCsvAsync(csv, batchSize: 3);

        Assert.Equal(new EmailBatchPlan(BatchCount: 3, BatchSize: 3, Recipients: 7, Duplicates: 0, Invalid: 0), plan);
        Assert.Equal([3, 3, 1], Enumerable.Range(0, 3).Select(i => Batch(i).Count));
        var first = Batch(0)[0];
        Assert.Equal(("user1@example.com", "User 1", "C1"), (first.Email, first.Name, first.Data!["code"]));
    }

    [Fact]
    public async Task RunAsync_DuplicateAddressesInAnyCase_AreKeptOnce()
    {
        var plan = await PrepareCsvAsync("Email,Name\nada@example.com,Ada\nADA@Example.com,Ada again\n bob@example.com ,Bob\n", batchSize: 10);

        Assert.Equal(2, plan.Recipients);
        Assert.Equal(1, plan.Duplicates);
        Assert.Equal(["ada@example.com", "bob@example.com"], Batch(0).Select(r => r.Email));
    }

    [Fact]
    public async Task RunAsync_InvalidAddressesInTheCsv_AreSetAsideWithTheirRow_NotFatal()
    {
        var plan = await PrepareCsvAsync("email\nada@example.com\nnot-an-address\nbob@example.com\n", batchSize: 10);

        Assert.Equal((2, 1), (plan.Recipients, plan.Invalid));
        var invalid = JsonSerializer.Deserialize<List<InvalidRecipient>>(blobs.Blobs[BlobNames.InvalidRecipients(Run)], JobJson.Options)!;
        Assert.Equal(new InvalidRecipient(3, "not-an-address", "email is not a valid e-mail address."), Assert.Single(invalid));
    }

    [Fact]
    public async Task RunAsync_CsvRowsBreakingTheDomainOrLocalPartRules_AreSetAsideWithTheirRow_NotFatal()
    {
        var longLocal = new string('a', 65) + "@example.com";
        var plan = await PrepareCsvAsync($"email,name\nada@example.com,Ada\na@-example.com,Dash\n{longLocal},Long\nbob@example.com,\"Bob\u2028Bcc\"\n", batchSize: 10);

        Assert.Equal((1, 3), (plan.Recipients, plan.Invalid));
        var invalid = JsonSerializer.Deserialize<List<InvalidRecipient>>(blobs.Blobs[BlobNames.InvalidRecipients(Run)], JobJson.Options)!;
        Assert.Equal([3, 4, 5], invalid.Select(i => i.Row));
        Assert.Equal(["email ", "email ", "name "], invalid.Select(i => i.Reason[..(i.Reason.IndexOf(' ', StringComparison.Ordinal) + 1)]));
    }

    [Fact]
    public async Task RunAsync_CsvRowWithAControlCharacterInItsName_IsSetAside_SoItCannotSinkItsBatch()
    {
        var plan = await PrepareCsvAsync("email,name\nada@example.com,Ada\nbob@example.com,\"Bob\u0007\"\n", batchSize: 10);

        Assert.Equal((1, 1), (plan.Recipients, plan.Invalid));
        var invalid = JsonSerializer.Deserialize<List<InvalidRecipient>>(blobs.Blobs[BlobNames.InvalidRecipients(Run)], JobJson.Options)!;
        Assert.StartsWith("name ", Assert.Single(invalid).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CsvWithoutEmailColumn_FailsWithInvalidInput()
    {
        var error = await Assert.ThrowsAsync<InvalidJobInputException>(() => PrepareCsvAsync("name,phone\nAda,123\n", 10));

        Assert.Contains("'email'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RunTwice_WritesTheSameBatches()
    {
        var csv = "email\n" + string.Join('\n', Enumerable.Range(1, 25).Select(i => $"u{i}@example.com"));
        var first = await PrepareCsvAsync(csv, 10);
        var firstBlobs = blobs.Blobs.ToDictionary(p => p.Key, p => Convert.ToBase64String(p.Value));

        var second = await PrepareCsvAsync(csv, 10);

        Assert.Equal(first, second);
        Assert.Equal(firstBlobs, blobs.Blobs.ToDictionary(p => p.Key, p => Convert.ToBase64String(p.Value)));
    }

    [Fact]
    public async Task RunAsync_InlineRecipients_AreBatchedAndTheMessageIsStored()
    {
        var request = new BulkEmailRequest
        {
            Subject = "Hi",
            Html = "<p>Hello {{name}}</p>",
            Recipients = [new("a@example.com", "A"), new("b@example.com", "B")],
        };

        var plan = await new PrepareEmailBatchesActivity(blobs).RunAsync(activityContext, new PrepareEmailBatchesInput(Run, request));

        Assert.Equal((1, 2), (plan.BatchCount, plan.Recipients));
        var message = JsonSerializer.Deserialize<EmailMessage>(blobs.Blobs[BlobNames.EmailMessage(Run)], JobJson.Options)!;
        Assert.Equal(("Hi", "<p>Hello {{name}}</p>"), (message.Subject, message.Html));
    }
}
