using System.Text;

namespace BackgroundJobs.Core.Retry;

/// <summary>
/// FNV-1a over UTF-8: the same number for the same text in every process, unlike
/// <see cref="string.GetHashCode()"/>, which is randomized per process and would break replay.
/// </summary>
public static class StableHash
{
    public static ulong Compute(string text)
    {
        const ulong offsetBasis = 14695981039346656037;
        const ulong prime = 1099511628211;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * prime;
        }

        return hash;
    }

    /// <summary>A value in [0, 1) derived from the text.</summary>
    public static double ToUnitInterval(string text) => (Compute(text) >> 11) / (double)(1UL << 53);
}
