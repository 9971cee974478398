namespace BackgroundJobs.Infra.Tests;

/// <param name="AppSettingName">The name as an app setting: <c>Section__Property</c>.</param>
/// <param name="OptionalBecause">The <c>[OptionalSetting]</c> reason, or null when infra/ must provide it.</param>
public sealed record CodeSetting(string AppSettingName, string Section, string? OptionalBecause)
{
    public bool IsRequired => OptionalBecause is null;

    public override string ToString() => AppSettingName;
}
