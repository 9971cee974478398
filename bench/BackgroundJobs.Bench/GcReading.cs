using System.Diagnostics;

namespace BackgroundJobs.Bench;

/// <summary>The process's garbage collector counters at one moment; subtract two to get a run's.</summary>
internal readonly record struct GcReading(long AllocatedBytes, TimeSpan Pause, int Gen0, int Gen1, int Gen2)
{
    public static GcReading Now() => new(
        GC.GetTotalAllocatedBytes(precise: false),
        GC.GetTotalPauseDuration(),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2));

    /// <summary>The CPU time this process has used so far, on all its threads.</summary>
    public static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public static GcReading operator -(GcReading after, GcReading before) => new(
        after.AllocatedBytes - before.AllocatedBytes,
        after.Pause - before.Pause,
        after.Gen0 - before.Gen0,
        after.Gen1 - before.Gen1,
        after.Gen2 - before.Gen2);
}
