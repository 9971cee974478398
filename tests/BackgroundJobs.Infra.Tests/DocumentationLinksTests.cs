using System.Text.RegularExpressions;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Infra.Tests;

/// <summary>
/// The README is short and points into docs/, so a moved or renamed page or heading would leave a
/// reader at a dead link: every relative link in README.md and docs/ must name a file that exists
/// and, when it has a <c>#fragment</c>, a heading of that file (GitHub's anchor rules).
/// </summary>
public sealed partial class DocumentationLinksTests
{
    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string>();
        pages.Add("README.md");
        foreach (var page in Directory.EnumerateFiles(RepositoryRoot.Combine("docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            pages.Add(Path.GetRelativePath(RepositoryRoot.Path, page).Replace('\\', '/'));
        }

        return pages;
    }

    [Fact]
    public void Pages_CoverTheReadmeAndTheDocsFolder()
    {
        // A guard on the discovery: with no pages found, the link check would pass on nothing.
        var pages = Pages().Cast<object[]>().Select(row => (string)row[0]).ToList();

        Assert.Contains("README.md", pages);
        Assert.Contains("docs/settings.md", pages);
        Assert.True(pages.Count >= 10, $"Only {pages.Count} pages found.");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void RelativeLinks_ResolveToAFileAndHeading(string page)
    {
        var broken = BrokenLinks(page).ToList();

        Assert.True(broken.Count == 0, $"{page} links to what does not exist: {string.Join(", ", broken)}");
    }

    [Fact]
    public void BrokenLinks_FindsAMissingFileAndAMissingHeading()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "a.md"), "# Title\n\n[ok](#title) [gone](missing.md) [no heading](#nowhere) [web](https://example.com)\n");

        var broken = BrokenLinks(Path.Combine(folder.Path, "a.md"), folder.Path).ToList();

        Assert.Equal(["missing.md", "#nowhere"], broken);
    }

    private static IEnumerable<string> BrokenLinks(string page, string? root = null)
    {
        root ??= RepositoryRoot.Path;
        var path = Path.Combine(root, page);
        var text = CodeBlock().Replace(File.ReadAllText(path), string.Empty);
        foreach (Match link in Link().Matches(text))
        {
            var target = link.Groups["target"].Value;
            if (Scheme().IsMatch(target))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var fragment = hash < 0 ? null : target[(hash + 1)..];
            var targetPath = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!File.Exists(targetPath) && !Directory.Exists(targetPath))
            {
                yield return target;
            }
            else if (fragment is not null && targetPath.EndsWith(".md", StringComparison.Ordinal) && !AnchorsOf(targetPath).Contains(fragment))
            {
                yield return target;
            }
        }
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static HashSet<string> AnchorsOf(string markdownFile)
    {
        var text = CodeBlock().Replace(File.ReadAllText(markdownFile), string.Empty);
        return Heading().Matches(text)
            .Select(h => NotInAnchor().Replace(h.Groups["text"].Value.Trim().ToLowerInvariant(), string.Empty).Replace(' ', '-'))
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"```.*?```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase)]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^#{1,6} (?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\w\- ]")]
    private static partial Regex NotInAnchor();
}
