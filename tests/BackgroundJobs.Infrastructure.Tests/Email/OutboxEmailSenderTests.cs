using BackgroundJobs.Core.Email;
using BackgroundJobs.Infrastructure.Email;
using BackgroundJobs.TestHelpers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace BackgroundJobs.Infrastructure.Tests.Email;

public sealed class OutboxEmailSenderTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly OutboxEmailSender sender;

    public OutboxEmailSenderTests()
    {
        var options = new EmailOptions { From = "jobs@example.org", FromName = "Background Jobs", OutboxPath = temp.Combine("outbox") };
        var now = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        sender = new OutboxEmailSender(Options.Create(options), now, NullLogger<OutboxEmailSender>.Instance);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task SendAsync_HtmlBatch_WritesOneParseableEmlPerRecipientWithSubstitutedContent()
    {
        // Arrange
        var message = new EmailMessage(null, "Hello {{name}}", "<p>Code {{code}} for {{email}}</p>", "Code {{code}}", null);
        var batch = new EmailBatch("job-1:3", message, Recipients.Many(2));

        // Act
        var result = await sender.SendAsync(batch);

        // Assert
        Assert.Equal(EmailSendOutcome.Accepted, result.Outcome);
        var files = Directory.GetFiles(sender.OutboxPath).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["job-1_3-00000.eml", "job-1_3-00001.eml"], files.Select(Path.GetFileName));
        using var second = await MimeMessage.LoadAsync(files[1]);
        Assert.Equal("Hello User 1", second.Subject);
        Assert.Equal("jobs@example.org", second.From.Mailboxes.Single().Address);
        Assert.Equal("Background Jobs", second.From.Mailboxes.Single().Name);
        Assert.Equal("user1@example.com", second.To.Mailboxes.Single().Address);
        Assert.Equal("User 1", second.To.Mailboxes.Single().Name);
        Assert.Equal("<p>Code C1 for user1@example.com</p>", second.HtmlBody);
        Assert.Equal("Code C1", second.TextBody?.TrimEnd());
        Assert.Equal("job-1:3", second.Headers[OutboxEmailSender.BatchIdHeader]);
    }

    [Fact]
    public async Task SendAsync_SameBatchTwice_ReplacesTheSameFiles()
    {
        // Arrange
        var batch = new EmailBatch("job-1:0", new EmailMessage(null, "Hi", null, "Hello {{name}}", null), Recipients.Many(3));
        await sender.SendAsync(batch);
        var first = await File.ReadAllBytesAsync(Path.Combine(sender.OutboxPath, "job-1_0-00002.eml"));

        // Act
        await sender.SendAsync(batch);

        // Assert
        Assert.Equal(3, Directory.GetFiles(sender.OutboxPath).Length);
        Assert.Equal(first, await File.ReadAllBytesAsync(Path.Combine(sender.OutboxPath, "job-1_0-00002.eml")));
    }

    [Fact]
    public async Task SendAsync_TemplateMessage_WritesTheTemplateIdAndDataAsText()
    {
        // Arrange
        var message = new EmailMessage(new EmailSenderAddress("news@example.com"), null, null, null, "d-123");

        // Act
        await sender.SendAsync(new EmailBatch("job-2:0", message, Recipients.Many(1)));

        // Assert
        using var written = await MimeMessage.LoadAsync(Path.Combine(sender.OutboxPath, "job-2_0-00000.eml"));
        Assert.Equal("news@example.com", written.From.Mailboxes.Single().Address);
        Assert.Equal("d-123", written.Headers[OutboxEmailSender.TemplateIdHeader]);
        Assert.Contains("Template: d-123", written.TextBody, StringComparison.Ordinal);
        Assert.Contains("code: C0", written.TextBody, StringComparison.Ordinal);
        Assert.Contains("email: user0@example.com", written.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("job-1:0", "job-1_0")]
    [InlineData("../../etc/passwd", "_._.._etc_passwd")]
    [InlineData("a/b\\c", "a_b_c")]
    [InlineData("", "batch")]
    public void SafeFileStem_AnyBatchId_KeepsOnlySafeCharacters(string batchId, string expected)
    {
        Assert.Equal(expected, OutboxEmailSender.SafeFileStem(batchId));
    }
}
