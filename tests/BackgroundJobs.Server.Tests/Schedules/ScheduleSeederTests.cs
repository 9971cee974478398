using System.Text.Json;
using BackgroundJobs.Api.Schedules;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace BackgroundJobs.Server.Tests.Schedules;

/// <summary>
/// What a job type's <see cref="IScheduleSeed"/> does at start-up, read back from the schedule store:
/// a new seed is written (UTC, overlap skip, no catch-up), the same seed leaves the stored schedule
/// alone, a changed one replaces it and keeps its pause, and settings that ask for none write nothing.
/// </summary>
public sealed class ScheduleSeederTests
{
    private static readonly JsonElement Request = JsonSerializer.SerializeToElement(new { subject = "Tick", text = "Hello" });

    private readonly InMemoryBlobStore blobs = new();
    private readonly ScheduleStore store;
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));

    public ScheduleSeederTests() => store = new ScheduleStore(blobs);

    private Task SeedAsync(ScheduleSeed? seed) => new ScheduleSeeder([new Seed(seed)], store, time).SeedAsync();

    [Fact]
    public async Task SeedAsync_NewSeed_StoresItInUtc_SkippingOverlaps_WithoutCatchUp()
    {
        await SeedAsync(new ScheduleSeed("nightly", "0 0 2 * * *", "bulk-email", Request));

        var (schedule, _) = await store.ReadAsync("nightly");
        Assert.Equal(("0 0 2 * * *", "UTC", "bulk-email", ScheduleOverlap.Skip, ScheduleCatchUp.None, false, time.GetUtcNow()), (
            schedule!.Cron, schedule.TimeZone, schedule.JobType, schedule.Overlap, schedule.CatchUp, schedule.Paused, schedule.SavedAt));
        Assert.Equal(Request.GetRawText(), schedule.Request.GetRawText());
    }

    [Fact]
    public async Task SeedAsync_SameSeedAgain_LeavesTheStoredScheduleAsItIs()
    {
        var seed = new ScheduleSeed("nightly", "0 0 2 * * *", "bulk-email", Request);
        await SeedAsync(seed);
        var (stored, _) = await store.ReadAsync("nightly");
        await store.WriteAsync(stored! with { Paused = true }, ifMatch: null);
        var (_, etag) = await store.ReadAsync("nightly");
        time.Advance(TimeSpan.FromDays(1));

        await SeedAsync(seed);

        var (after, etagAfter) = await store.ReadAsync("nightly");
        Assert.Equal(etag, etagAfter);
        Assert.True(after!.Paused);
    }

    [Fact]
    public async Task SeedAsync_ChangedCron_ReplacesTheStoredSchedule_AndKeepsItsPause()
    {
        await SeedAsync(new ScheduleSeed("nightly", "0 0 2 * * *", "bulk-email", Request));
        var (stored, _) = await store.ReadAsync("nightly");
        await store.WriteAsync(stored! with { Paused = true }, ifMatch: null);
        time.Advance(TimeSpan.FromDays(1));

        await SeedAsync(new ScheduleSeed("nightly", "0 30 3 * * *", "bulk-email", Request));

        var (after, _) = await store.ReadAsync("nightly");
        Assert.Equal(("0 30 3 * * *", true, time.GetUtcNow()), (after!.Cron, after.Paused, after.SavedAt));
    }

    [Fact]
    public async Task SeedAsync_SettingsAskForNone_StoresNothing()
    {
        await SeedAsync(null);

        Assert.Empty(blobs.Blobs);
    }

    private sealed class Seed(ScheduleSeed? schedule) : IScheduleSeed
    {
        public ScheduleSeed? Schedule => schedule;
    }
}
