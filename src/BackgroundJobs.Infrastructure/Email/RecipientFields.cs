using System.Text.RegularExpressions;
using BackgroundJobs.Core.Email;

namespace BackgroundJobs.Infrastructure.Email;

/// <summary>
/// The <c>{{field}}</c> values of one recipient: <c>email</c>, <c>name</c> and each data key. The
/// recipient's own address and name win over data keys of the same name. SendGrid gets these as
/// substitutions or template data; the outbox substitutes them itself, the same way: exact keys,
/// and an unknown placeholder stays as written.
/// </summary>
internal static partial class RecipientFields
{
    public const string EmailField = "email";
    public const string NameField = "name";

    public static Dictionary<string, string> Of(EmailRecipient recipient)
    {
        var fields = recipient.Data is { } data
            ? new Dictionary<string, string>(data, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        fields[EmailField] = recipient.Email;
        fields[NameField] = recipient.Name ?? string.Empty;
        return fields;
    }

    public static string Placeholder(string field) => "{{" + field + "}}";

    public static string? Substitute(string? text, IReadOnlyDictionary<string, string> fields) =>
        text is null
            ? null
            : PlaceholderPattern().Replace(text, match => fields.TryGetValue(match.Groups[1].Value, out var value) ? value : match.Value);

    [GeneratedRegex(@"\{\{([^{}]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
