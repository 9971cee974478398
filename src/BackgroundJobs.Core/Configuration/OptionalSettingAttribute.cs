namespace BackgroundJobs.Core.Configuration;

/// <summary>
/// Marks an options property that a deployed Functions app may leave unset, because the code has an
/// alternative (a managed identity instead of a connection string) or uses it only off Azure (a
/// local folder, a stand-in). Every other property of an options class with a <c>SectionName</c> is
/// a setting that infra/ must provide; tests/BackgroundJobs.Infra.Tests reads this attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class OptionalSettingAttribute(string reason) : Attribute
{
    /// <summary>Why the setting may be left unset; it documents the exception where it is made.</summary>
    public string Reason { get; } = reason;
}
