using System.Security.Cryptography;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.Infrastructure.Tests.Storage;

/// <summary>
/// What every <see cref="IBlobStore"/> must do, run against each store by a subclass. Each test
/// works under its own prefix, so the stores can share a folder or a container.
/// </summary>
public abstract class BlobStoreContractTests
{
    protected string Prefix { get; } = $"test-{Guid.NewGuid():N}/";

    protected abstract IBlobStore Store { get; }

    /// <summary>A second store over the same folder or container, as another server or Functions instance opens it.</summary>
    protected abstract IBlobStore OtherInstance { get; }

    public static TheoryData<string> InvalidNames => new()
    {
        "../outside.json",
        "jobs/../../outside.json",
        "/etc/passwd",
        "jobs\\1\\message.json",
        "jobs//message.json",
        "./message.json",
        "jobs/./message.json",
        "jobs/",
        ".tmp/x",
        "jobs/\u0000.json",
    };

    [Fact]
    public async Task WriteAsync_ThenOpenReadAsync_ReturnsTheSameBytes()
    {
        // Arrange: a non-seekable source larger than one upload block buffer, so it must be streamed.
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var name = Prefix + "jobs/1/big.bin";

        // Act
        await Store.WriteAsync(name, new PausingStream(bytes, pauseAfter: int.MaxValue), "application/octet-stream");
        var read = await ReadAllAsync(name);

        // Assert
        Assert.Equal(bytes, read);
    }

    [Fact]
    public async Task WriteAsync_ExistingName_ReplacesTheContent()
    {
        // Arrange
        var name = Prefix + "replace.txt";
        await WriteTextAsync(name, "first version, longer than the second");

        // Act
        await WriteTextAsync(name, "second");

        // Assert
        Assert.Equal("second"u8.ToArray(), await ReadAllAsync(name));
    }

    [Fact]
    public async Task OpenReadAsync_MissingName_ReturnsNull()
    {
        // Act
        var stream = await Store.OpenReadAsync(Prefix + "missing/blob.json");

        // Assert
        Assert.Null(stream);
    }

    [Fact]
    public async Task OpenReadAsync_NameThatIsOnlyAFolder_ReturnsNull()
    {
        // Arrange
        await WriteTextAsync(Prefix + "jobs/1/message.json", "{}");

        // Act
        var stream = await Store.OpenReadAsync(Prefix + "jobs/1");
        var exists = await Store.ExistsAsync(Prefix + "jobs/1");

        // Assert
        Assert.Null(stream);
        Assert.False(exists);
    }

    [Fact]
    public async Task ExistsAsync_WrittenAndMissingNames_TrueOnlyForTheWrittenOne()
    {
        // Arrange
        await WriteTextAsync(Prefix + "here.txt", "x");

        // Act
        var here = await Store.ExistsAsync(Prefix + "here.txt");
        var missing = await Store.ExistsAsync(Prefix + "not-here.txt");

        // Assert
        Assert.True(here);
        Assert.False(missing);
    }

    [Fact]
    public async Task DeletePrefixAsync_SomeNamesMatch_DeletesOnlyThoseAndCountsThem()
    {
        // Arrange
        foreach (var name in new[] { "jobs/1/a.json", "jobs/1/batches/00000.json", "jobs/10/a.json", "jobs/2/a.json" })
        {
            await WriteTextAsync(Prefix + name, name);
        }

        // Act
        var folder = await Store.DeletePrefixAsync(Prefix + "jobs/1/");
        var partial = await Store.DeletePrefixAsync(Prefix + "jobs/1");

        // Assert: "jobs/1/" is a folder; "jobs/1" also matches "jobs/10/..." as a plain string prefix.
        Assert.Equal(2, folder);
        Assert.Equal(1, partial);
        Assert.False(await Store.ExistsAsync(Prefix + "jobs/1/batches/00000.json"));
        Assert.False(await Store.ExistsAsync(Prefix + "jobs/10/a.json"));
        Assert.True(await Store.ExistsAsync(Prefix + "jobs/2/a.json"));
    }

    [Fact]
    public async Task ListAsync_SomeNamesMatch_ListsOnlyThoseInOrdinalOrder()
    {
        // Arrange
        foreach (var name in new[] { "jobs/1/b.json", "jobs/1/a/x.json", "jobs/10/a.json", "jobs/2/a.json" })
        {
            await WriteTextAsync(Prefix + name, name);
        }

        // Act
        var folder = await Store.ListAsync(Prefix + "jobs/1/").ToListAsync();
        var partial = await Store.ListAsync(Prefix + "jobs/1").ToListAsync();
        var none = await Store.ListAsync(Prefix + "nothing/").ToListAsync();

        // Assert
        Assert.Equal([Prefix + "jobs/1/a/x.json", Prefix + "jobs/1/b.json"], folder);
        Assert.Equal([Prefix + "jobs/1/a/x.json", Prefix + "jobs/1/b.json", Prefix + "jobs/10/a.json"], partial);
        Assert.Empty(none);
    }

    [Fact]
    public async Task DeletePrefixAsync_NothingMatches_ReturnsZero()
    {
        // Act
        var deleted = await Store.DeletePrefixAsync(Prefix + "nothing/here/");

        // Assert
        Assert.Equal(0, deleted);
    }

    [Fact]
    public async Task TryCreateAsync_ManyConcurrentCallers_ExactlyOneWins_AndItsContentStays()
    {
        for (var round = 0; round < 20; round++)
        {
            var name = Prefix + $"claims/race-{round}.json";
            var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
                Store.TryCreateAsync(name, new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"caller {i}")), "text/plain"))));

            var winner = Assert.Single(Enumerable.Range(0, 16), i => results[i]);
            await using var stream = await Store.OpenReadAsync(name);
            Assert.Equal($"caller {winner}", await new StreamReader(stream!).ReadToEndAsync());
        }
    }

    [Fact]
    public async Task TryCreateAsync_NameIsFree_CreatesIt_AndASecondCallLeavesTheFirstContent()
    {
        var name = Prefix + "claims/batch.json";

        var first = await Store.TryCreateAsync(name, new MemoryStream("first"u8.ToArray()), "application/json");
        var second = await Store.TryCreateAsync(name, new MemoryStream("second"u8.ToArray()), "application/json");

        Assert.True(first);
        Assert.False(second);
        await using var stream = await Store.OpenReadAsync(name);
        Assert.Equal("first", await new StreamReader(stream!).ReadToEndAsync());
    }

    [Fact]
    public async Task TryCreateAsync_ManyConcurrentCallers_ExactlyOneWins()
    {
        var name = Prefix + "claims/race.json";

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => Store.TryCreateAsync(name, new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"caller {i}")), "application/json"))));

        Assert.Equal(1, results.Count(created => created));
    }

    [Fact]
    public async Task TryWriteAsync_IfMatchTheReadVersion_ReplacesIt_AndThatETagIsThenStale()
    {
        // Arrange
        var name = Prefix + "schedules/state/s.json";
        var created = await TryWriteTextAsync(Store, name, "first", BlobCondition.NotExists);
        await using (var read = await Store.OpenReadVersionedAsync(name))
        {
            Assert.Equal(created, read!.ETag);
        }

        // Act
        var replaced = await TryWriteTextAsync(Store, name, "second", BlobCondition.Matches(created!));
        var stale = await TryWriteTextAsync(Store, name, "third", BlobCondition.Matches(created!));
        var again = await TryWriteTextAsync(Store, name, "fourth", BlobCondition.NotExists);

        // Assert
        Assert.NotNull(replaced);
        Assert.NotEqual(created, replaced);
        Assert.Null(stale);
        Assert.Null(again);
        Assert.Equal("second"u8.ToArray(), await ReadAllAsync(name));
        await using var current = await Store.OpenReadVersionedAsync(name);
        Assert.Equal(replaced, current!.ETag);
    }

    [Fact]
    public async Task TryWriteAsync_IfMatchOnAMissingBlob_WritesNothing()
    {
        var name = Prefix + "uploads/missing.csv";

        var any = await TryWriteTextAsync(Store, name, "x", BlobCondition.Exists);
        var tagged = await TryWriteTextAsync(Store, name, "x", BlobCondition.Matches("\"0x8D0000000000000\""));
        var unquoted = await TryWriteTextAsync(Store, name, "x", BlobCondition.Matches("abc"));

        Assert.Equal((null, null, null), (any, tagged, unquoted));
        Assert.Null(await ReadAllAsync(name));
        Assert.Null(await Store.OpenReadVersionedAsync(name));
    }

    [Fact]
    public async Task TryWriteAsync_TwoInstancesRacingWithTheSameETag_ExactlyOneWins()
    {
        // Arrange: both instances read one version, then each writer replaces it naming that version.
        var name = Prefix + "schedules/definitions/race.json";
        var etag = await TryWriteTextAsync(Store, name, "original", BlobCondition.None);

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => TryWriteTextAsync(i % 2 == 0 ? Store : OtherInstance, name, $"writer {i}", BlobCondition.Matches(etag!)))));

        // Assert
        var winner = Assert.Single(results.Select((tag, i) => (tag, i)), r => r.tag is not null);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes($"writer {winner.i}"), await ReadAllAsync(name));
        await using var current = await OtherInstance.OpenReadVersionedAsync(name);
        Assert.Equal(winner.tag, current!.ETag);
    }

    [Fact]
    public async Task WriteJsonAsync_ThenReadJsonAsync_RoundTripsThroughTheStore()
    {
        // Arrange
        var name = Prefix + "jobs/1/message.json";
        var value = new Dictionary<string, string> { ["subject"] = "Hello {{name}}", ["émoji"] = "✓" };

        // Act
        await Store.WriteJsonAsync(name, value);
        var read = await Store.ReadJsonAsync<Dictionary<string, string>>(name);

        // Assert
        Assert.Equal(value, read);
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public async Task WriteAsync_InvalidOrEscapingName_ThrowsArgumentException(string name)
    {
        // Arrange
        using var content = new MemoryStream("x"u8.ToArray());

        // Act + Assert
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.WriteAsync(name, content, "text/plain"));
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public async Task OpenReadAsync_InvalidOrEscapingName_ThrowsArgumentException(string name)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.OpenReadAsync(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("../")]
    [InlineData("jobs/../")]
    [InlineData("jobs\\")]
    public async Task DeletePrefixAsync_EmptyOrEscapingPrefix_ThrowsArgumentException(string prefix)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeletePrefixAsync(prefix));
    }

    protected async Task WriteTextAsync(string name, string text)
    {
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        await Store.WriteAsync(name, content, "text/plain");
    }

    protected static async Task<string?> TryWriteTextAsync(IBlobStore store, string name, string text, BlobCondition condition)
    {
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        return await store.TryWriteAsync(name, content, "text/plain", condition);
    }

    protected async Task<byte[]?> ReadAllAsync(string name)
    {
        await using var stream = await Store.OpenReadAsync(name);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
