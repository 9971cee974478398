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

    /// <summary>The recipient's fields as a lookup (the outbox substitutes from it).</summary>
    public static Dictionary<string, string> Of(EmailRecipient recipient) => new(Each(recipient), StringComparer.Ordinal);

    /// <summary>The recipient's fields in order, each key once: data keys, then email and name (SendGrid's body is written from these).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Each(EmailRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        if (recipient.Data is { } data)
        {
            foreach (var field in data)
            {
                if (field.Key is not (EmailField or NameField))
                {
                    yield return field;
                }
            }
        }

        yield return new(EmailField, recipient.Email);
        yield return new(NameField, recipient.Name ?? string.Empty);
    }

    public static string Placeholder(string field) => "{{" + field + "}}";

    public static string? Substitute(string? text, IReadOnlyDictionary<string, string> fields) =>
        text is null
            ? null
            : PlaceholderPattern().Replace(text, match => fields.TryGetValue(match.Groups[1].Value, out var value) ? value : match.Value);

    [GeneratedRegex(@"\{\{([^{}]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
