using System.Reflection;
using BackgroundJobs.Core.Configuration;
using BackgroundJobs.Functions;

namespace BackgroundJobs.Infra.Tests;

/// <summary>
/// The settings the Functions app reads, taken from the code itself: every options class (a type
/// with a <c>SectionName</c> const) in the BackgroundJobs assemblies the Functions host is built
/// from, each public settable property named <c>Section__Property</c> as an app setting.
/// </summary>
public static class CodeSettings
{
    public static IReadOnlyList<CodeSetting> All { get; } = Discover().ToList();

    public static IEnumerable<Type> OptionsTypes() =>
        FunctionsAssemblies()
            .SelectMany(a => a.GetTypes())
            .Where(t => t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });

    private static IEnumerable<CodeSetting> Discover() =>
        from type in OptionsTypes()
        let section = (string)type.GetField("SectionName")!.GetRawConstantValue()!
        from property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        where property.SetMethod is { IsPublic: true }
        select new CodeSetting($"{section.Replace(":", "__", StringComparison.Ordinal)}__{property.Name}", section, property.GetCustomAttribute<OptionalSettingAttribute>()?.Reason);

    /// <summary>The Functions assembly and the BackgroundJobs assemblies it references, transitively.</summary>
    private static IEnumerable<Assembly> FunctionsAssemblies()
    {
        var seen = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([typeof(FunctionsHostSetup).Assembly]);
        while (pending.TryDequeue(out var assembly))
        {
            if (!seen.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("BackgroundJobs.", StringComparison.Ordinal)))
            {
                pending.Enqueue(Assembly.Load(reference));
            }
        }

        return seen.Values;
    }
}
