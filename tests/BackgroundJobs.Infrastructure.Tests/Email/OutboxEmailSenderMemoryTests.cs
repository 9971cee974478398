using BackgroundJobs.Core.Email;
using BackgroundJobs.Infrastructure.Email;
using BackgroundJobs.TestHelpers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Infrastructure.Tests.Email;

/// <summary>
/// The outbox is the provider of every server without a SendGrid key, so a bulk e-mail of 100,000
/// recipients goes through one sender: nothing of a message written may stay on the heap. (Each one
/// did: every message's From list subscribed to the change event of one shared default address.)
/// Measured alone, as the whole process's heap after full collections.
/// </summary>
[Collection(nameof(HeapMeasuringCollection))]
public sealed class OutboxEmailSenderMemoryTests : IDisposable
{
    private const int Batches = 5;
    private const int RecipientsPerBatch = 1000;
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("sender@example.org")]
    public async Task SendAsync_ThousandsOfMessages_LeaveNothingOnTheHeap(string? from)
    {
        // Arrange
        var options = new EmailOptions { From = "jobs@example.org", FromName = "Background Jobs", OutboxPath = temp.Combine("outbox") };
        var sender = new OutboxEmailSender(Options.Create(options), TimeProvider.System, NullLogger<OutboxEmailSender>.Instance);
        var message = new EmailMessage(from is null ? null : new EmailSenderAddress(from, "Sender"), "Hello {{name}}", "<p>Code {{code}}</p>", "Code {{code}}", null);
        await sender.SendAsync(new EmailBatch("warm-up:0", message, Recipients.Many(100)));
        var before = GC.GetTotalMemory(forceFullCollection: true);

        // Act
        for (var b = 0; b < Batches; b++)
        {
            await sender.SendAsync(new EmailBatch($"job:{b}", message, Recipients.Many(RecipientsPerBatch)));
        }

        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;

        // Assert: 5,000 messages kept alive were ~20 MB; nothing kept is well under 4 MB.
        Assert.Equal(Batches * RecipientsPerBatch, Directory.GetFiles(sender.OutboxPath, "job_*.eml").Length);
        Assert.True(grown < 4 * 1024 * 1024, $"the heap grew by {grown / 1024} KB over {Batches * RecipientsPerBatch} messages");
    }
}

/// <summary>Tests that measure the process's heap run alone, not beside other tests of this assembly.</summary>
[CollectionDefinition(nameof(HeapMeasuringCollection), DisableParallelization = true)]
public sealed class HeapMeasuringCollection;
