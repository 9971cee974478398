namespace BackgroundJobs.Infrastructure.Storage;

/// <summary>
/// The names both stores accept: relative paths of <c>/</c>-separated segments, none empty and
/// none starting with a dot (so no <c>.</c>, <c>..</c>, or the local store's own <c>.tmp</c>), no
/// backslash and no control character. One rule for both, so code that works on the local folder
/// works on Azure too, and no name can climb out of its folder or prefix.
/// </summary>
internal static class BlobNameRules
{
    public const int MaxLength = 1024;

    public static void ThrowIfInvalidName(string name, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, paramName);
        if (!IsValid(name, allowTrailingSlash: false))
        {
            throw new ArgumentException($"'{Printable(name)}' is not a valid blob name: use a relative path of '/'-separated segments, none empty or starting with '.', and no '\\'.", paramName);
        }
    }

    /// <summary>A prefix may end with '/' (a folder) or part-way through a segment.</summary>
    public static void ThrowIfInvalidPrefix(string prefix, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix, paramName);
        if (!IsValid(prefix, allowTrailingSlash: true))
        {
            throw new ArgumentException($"'{Printable(prefix)}' is not a valid blob prefix.", paramName);
        }
    }

    private static bool IsValid(string name, bool allowTrailingSlash)
    {
        if (name.Length > MaxLength || name.Any(c => c == '\\' || char.IsControl(c)))
        {
            return false;
        }

        var segments = name.Split('/');
        var last = allowTrailingSlash && name.EndsWith('/') ? segments.Length - 1 : segments.Length;
        for (var i = 0; i < last; i++)
        {
            if (segments[i].Length == 0 || segments[i][0] == '.')
            {
                return false;
            }
        }

        return true;
    }

    private static string Printable(string value) =>
        new(value.Take(100).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
