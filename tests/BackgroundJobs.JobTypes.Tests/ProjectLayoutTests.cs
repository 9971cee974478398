using System.Xml.Linq;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.JobTypes.Tests;

/// <summary>The layering of job types: they depend on the platform, never the reverse.</summary>
public sealed class ProjectLayoutTests
{
    [Theory]
    [InlineData("BackgroundJobs.Core")]
    [InlineData("BackgroundJobs.Api")]
    [InlineData("BackgroundJobs.Infrastructure")]
    public void A_platform_project_references_no_job_type_project(string platformProject)
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot.Path, "src", platformProject, platformProject + ".csproj"));
        var references = project.Descendants("ProjectReference").Select(reference => (string?)reference.Attribute("Include") ?? "").ToList();

        Assert.DoesNotContain(references, reference => reference.Contains("JobTypes", StringComparison.OrdinalIgnoreCase));
    }
}
